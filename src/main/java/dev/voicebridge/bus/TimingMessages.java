package dev.voicebridge.bus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Messages that say how long what the user feels took. */
public final class TimingMessages {

  /**
   * The stages of {@link TurnTiming} in the order a turn goes through them, by name (the field's, without
   * {@code Ms}): what a benchmark tabulates and the metrics label each stage with.
   */
  public static final Map<String, Function<TurnTiming, Long>> STAGES = stages();

  private TimingMessages() {
  }

  private static Map<String, Function<TurnTiming, Long>> stages() {
    Map<String, Function<TurnTiming, Long>> m = new LinkedHashMap<>();
    m.put("endOfTurn", TurnTiming::endOfTurnMs);
    m.put("transcript", TurnTiming::transcriptMs);
    m.put("committed", TurnTiming::committedMs);
    m.put("accepted", TurnTiming::acceptedMs);
    m.put("firstDelta", TurnTiming::firstDeltaMs);
    m.put("firstSentence", TurnTiming::firstSentenceMs);
    m.put("firstAudio", TurnTiming::firstAudioMs);
    return Collections.unmodifiableMap(m);
  }

  /**
   * {@code turn.timing} (publish): one spoken turn, from the end of the user's speech to the first sound of
   * the reply, once per turn. {@code speechEndAt} is when the user stopped speaking (ISO time); every
   * {@code …Ms} field is the time from then to the stage (cumulative, so {@code firstAudioMs} is what the user
   * waited), absent when the turn never reached it:
   * {@code endOfTurnMs} the listener decided the turn was over, {@code transcriptMs} the final transcript,
   * {@code committedMs} the user turn was in the store, {@code acceptedMs} the gateway acknowledged chat.send
   * (the run started), {@code firstDeltaMs} the first text of the reply, {@code firstSentenceMs} the first
   * sentence worth speaking, {@code firstAudioMs} its first audio at the speaker.
   * {@code outcome}: spoken (the reply started playing), silent (nothing in the reply was worth saying),
   * error (the run failed), interrupted (stopped before it was heard), unanswered (no sound within two
   * minutes).
   */
  public record TurnTiming(String utteranceId, String sessionKey, String runId, String outcome, String speechEndAt,
      Long endOfTurnMs, Long transcriptMs, Long committedMs, Long acceptedMs, Long firstDeltaMs,
      Long firstSentenceMs, Long firstAudioMs) {
  }
}
