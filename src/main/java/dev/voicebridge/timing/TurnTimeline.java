package dev.voicebridge.timing;

import dev.voicebridge.base.Bounded;
import dev.voicebridge.bus.TimingMessages.TurnTiming;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * One turn's stages, from the end of the user's speech to the first sound of the reply, joined from the
 * facts the components publish: the utterance (speech.end, stt.transcript) meets its run through the
 * session's claim (session.run names both), and the run's reply is followed by its run id. Pure: every fact
 * comes with the moment it was seen (milliseconds on one monotonic clock); a completed turn comes back as
 * a {@link TurnTiming}, once.
 *
 * <p>Facts can arrive out of order across components (the first delta of a reply can be seen before the
 * session's claim of its run), so what belongs to a run not yet joined is kept a little while. Everything is
 * bounded: turns and loose facts older than {@link #FORGET_AFTER_MS} go.
 */
public final class TurnTimeline {

  static final long FORGET_AFTER_MS = 120_000;
  private static final int MAX_LOOSE = 64;

  /** A turn being followed. */
  private static final class Turn {
    final String utteranceId;
    final long speechEnd;
    final long decided;
    Long transcript;
    String sessionKey;
    Long committed;
    Long accepted;
    String runId;
    Long firstDelta;
    Long firstSentence;

    Turn(String utteranceId, long speechEnd, long decided) {
      this.utteranceId = utteranceId;
      this.speechEnd = speechEnd;
      this.decided = decided;
    }
  }

  private final LongFunction<String> wallTime;
  private final Map<String, Turn> byUtterance = new HashMap<>();
  private final Map<String, Turn> byRun = new HashMap<>();
  /** When user turns were committed (sessionUuid:turnIndex), before a run names them. */
  private final Map<String, Long> commits = bounded();
  /** First deltas and first sentences of runs not joined yet. */
  private final Map<String, Long> earlyDeltas = bounded();
  private final Map<String, Long> earlySentences = bounded();

  /** @param wallTime the ISO time of a moment on this timeline's clock (for speechEndAt) */
  public TurnTimeline(LongFunction<String> wallTime) {
    this.wallTime = wallTime;
  }

  /**
   * The listener ended an utterance at {@code now}; {@code waitedMs} is how long after the end of the speech
   * it decided so (speech.end's decidedMs − endMs, in audio time).
   */
  public void speechEnded(String utteranceId, long waitedMs, long now) {
    forgetOld(now);
    byUtterance.put(utteranceId, new Turn(utteranceId, now - Math.max(0, waitedMs), now));
  }

  public void transcribed(String utteranceId, long now) {
    Turn t = byUtterance.get(utteranceId);
    if (t != null && t.transcript == null) {
      t.transcript = now;
    }
  }

  /** A user turn is in the store. */
  public void committed(String sessionUuid, int turnIndex, long now) {
    commits.putIfAbsent(sessionUuid + ":" + turnIndex, now);
  }

  /** The session started {@code runId} for a user turn spoken as {@code utteranceId} (acknowledged now). */
  public void runStarted(String runId, String sessionKey, String sessionUuid, Integer turnIndex, String utteranceId,
      long now) {
    Turn t = utteranceId == null ? null : byUtterance.get(utteranceId);
    if (t == null || byRun.containsKey(runId)) {
      return;
    }
    if (t.runId == null) {
      t.runId = runId;
      t.sessionKey = sessionKey;
      t.accepted = now;
      t.committed = sessionUuid == null || turnIndex == null ? null : commits.remove(sessionUuid + ":" + turnIndex);
    }
    byRun.put(runId, t); // a run known under two ids (run id and idempotency key) reaches the same turn
    Long delta = earlyDeltas.remove(runId);
    if (delta != null && t.firstDelta == null) {
      t.firstDelta = delta;
    }
    Long sentence = earlySentences.remove(runId);
    if (sentence != null && t.firstSentence == null) {
      t.firstSentence = sentence;
    }
  }

  public void delta(String runId, long now) {
    Turn t = byRun.get(runId);
    if (t == null) {
      earlyDeltas.putIfAbsent(runId, now);
    } else if (t.firstDelta == null) {
      t.firstDelta = now;
    }
  }

  /** The filter found the run's first sentence worth speaking. */
  public void sentence(String runId, long now) {
    Turn t = byRun.get(runId);
    if (t == null) {
      earlySentences.putIfAbsent(runId, now);
    } else if (t.firstSentence == null) {
      t.firstSentence = now;
    }
  }

  /** The run's first audio reached the speaker: the turn is complete. */
  public Optional<TurnTiming> firstAudio(String runId, long now) {
    return finish(runId, "spoken", now);
  }

  /** The filter has nothing more to say for the run; with nothing said at all, the turn ends silent. */
  public Optional<TurnTiming> speechDone(String runId, int sentences) {
    return sentences == 0 ? finish(runId, "silent", null) : Optional.empty();
  }

  public Optional<TurnTiming> failed(String runId) {
    return finish(runId, "error", null);
  }

  /** Speech of these runs was stopped; a turn not heard yet ends interrupted. */
  public List<TurnTiming> halted(List<String> runIds, boolean all) {
    List<TurnTiming> out = new ArrayList<>();
    List<String> ids = all ? List.copyOf(byRun.keySet()) : runIds;
    for (String id : ids) {
      finish(id, "interrupted", null).ifPresent(out::add);
    }
    return out;
  }

  /** Turns with a run and no sound after {@link #FORGET_AFTER_MS}, as unanswered; the rest is forgotten. */
  public List<TurnTiming> expire(long now) {
    List<TurnTiming> out = new ArrayList<>();
    for (Turn t : List.copyOf(byUtterance.values())) {
      if (now - t.decided > FORGET_AFTER_MS) {
        if (t.runId != null) {
          finish(t.runId, "unanswered", null).ifPresent(out::add);
        } else {
          byUtterance.remove(t.utteranceId);
        }
      }
    }
    return out;
  }

  /** How many turns are being followed (for tests: nothing stays forever). */
  int open() {
    return byUtterance.size();
  }

  private Optional<TurnTiming> finish(String runId, String outcome, Long audio) {
    Turn t = byRun.get(runId);
    if (t == null) {
      return Optional.empty();
    }
    byUtterance.remove(t.utteranceId);
    byRun.values().removeIf(x -> x == t);
    return Optional.of(new TurnTiming(t.utteranceId, t.sessionKey, t.runId, outcome, wallTime.apply(t.speechEnd),
        since(t, t.decided), since(t, t.transcript), since(t, t.committed), since(t, t.accepted),
        since(t, t.firstDelta), since(t, t.firstSentence), since(t, audio)));
  }

  private static Long since(Turn t, Long at) {
    return at == null ? null : Math.max(0, at - t.speechEnd);
  }

  private void forgetOld(long now) {
    for (Map<String, Long> loose : List.of(commits, earlyDeltas, earlySentences)) {
      for (Iterator<Long> it = loose.values().iterator(); it.hasNext(); ) {
        if (now - it.next() > FORGET_AFTER_MS) {
          it.remove();
        }
      }
    }
  }

  private static Map<String, Long> bounded() {
    return Bounded.map(MAX_LOOSE);
  }
}
