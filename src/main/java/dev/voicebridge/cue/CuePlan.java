package dev.voicebridge.cue;

import dev.voicebridge.base.Bounded;
import dev.voicebridge.bus.SpeechOutMessages.Cue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sound (or sentence) the device gives, and when — so the user is never left wondering whether it heard
 * them or is still working. Pure: told what happened, it answers with what to play; {@link CueVerticle}
 * carries it out.
 * <ul>
 *   <li>listening opened (wake word, push-to-talk): the wake sound;
 *   <li>a spoken turn could not reach the gateway: the configured sentence (it will be sent when the gateway is
 *       back), or the error sound when it failed outright;
 *   <li>a spoken turn's run started and nothing of it has been heard after {@code thinkingMs}: the thinking
 *       sound, again at that interval (at most {@value #MAX_THINKING} times), until its first sound or its end;
 *   <li>a run of this device ended in an error: the error sound.
 * </ul>
 */
public final class CuePlan {

  /** What to do. */
  public sealed interface Action {
  }

  /** Play this sound now. */
  public record Play(Cue cue) implements Action {
  }

  /** Say this sentence (an announcement: after what plays, silenced by barge-in). */
  public record Say(String text) implements Action {
  }

  /** Ask {@link #stillWaiting} about this run again after this long. */
  public record CheckAgain(String runId, long afterMs) implements Action {
  }

  static final int MAX_THINKING = 10;
  private static final int MAX_RUNS = 64;

  private final CueSettings settings;
  /** Runs of spoken turns not heard yet → their utterance (a run known under two ids waits once). */
  private final Map<String, String> waiting = new LinkedHashMap<>();
  private final Map<String, Integer> thinkingPlayed = new LinkedHashMap<>();
  /** This device's runs, whose errors are its to sound (runs end long before this many more start). */
  private final Set<String> own = Bounded.set(MAX_RUNS);

  public CuePlan(CueSettings settings) {
    this.settings = settings;
  }

  /** The device started listening for a turn. */
  public List<Action> listening() {
    return settings.wake() ? List.of(new Play(Cue.WAKE)) : List.of();
  }

  /** A turn did not reach the gateway ({@code reason} of session.turn.held); only spoken turns get a sound. */
  public List<Action> held(String reason, boolean spoken) {
    if (!spoken) {
      return List.of();
    }
    if ("unreachable".equals(reason)) {
      return settings.unreachable().isEmpty() ? List.of() : List.of(new Say(settings.unreachable()));
    }
    return settings.error() ? List.of(new Play(Cue.ERROR)) : List.of();
  }

  /** This device's run started; {@code spoken} when its turn was spoken (else nobody is waiting by the speaker). */
  public List<Action> runStarted(String runId, String utteranceId) {
    own.add(runId);
    if (utteranceId == null || settings.thinkingMs() <= 0 || waiting.containsValue(utteranceId)) {
      return List.of();
    }
    waiting.put(runId, utteranceId);
    return List.of(new CheckAgain(runId, settings.thinkingMs()));
  }

  /** The time asked for by {@link CheckAgain} has passed. */
  public List<Action> stillWaiting(String runId) {
    if (!waiting.containsKey(runId)) {
      return List.of();
    }
    int played = thinkingPlayed.merge(runId, 1, Integer::sum);
    if (played >= MAX_THINKING) {
      heard(runId);
      return List.of(new Play(Cue.THINKING));
    }
    return List.of(new Play(Cue.THINKING), new CheckAgain(runId, settings.thinkingMs()));
  }

  /** Something of the run was heard, or it ended: no more waiting sounds for it. */
  public void heard(String runId) {
    waiting.remove(runId);
    thinkingPlayed.remove(runId);
  }

  /** Speech stopped for everything (the user talked over the device). */
  public void heardAll() {
    waiting.clear();
    thinkingPlayed.clear();
  }

  /** A run ended in an error. */
  public List<Action> runFailed(String runId) {
    heard(runId);
    boolean mine = own.remove(runId);
    return mine && settings.error() ? List.of(new Play(Cue.ERROR)) : List.of();
  }

  /** A run ended otherwise. */
  public void runEnded(String runId) {
    heard(runId);
    own.remove(runId);
  }
}
