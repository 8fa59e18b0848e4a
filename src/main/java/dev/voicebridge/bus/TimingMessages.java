package dev.voicebridge.bus;

/** Messages that say how long what the user feels took. */
public final class TimingMessages {

  private TimingMessages() {
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
