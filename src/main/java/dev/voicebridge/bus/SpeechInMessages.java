package dev.voicebridge.bus;

/**
 * Messages of the speech-in side: wake word, endpointing, transcription, interruption. Times in
 * milliseconds of audio since capture started ({@code audioMs}, {@code startMs}, {@code endMs}).
 */
public final class SpeechInMessages {

  private SpeechInMessages() {
  }

  /** {@code wake.detected} (publish). */
  public record WakeDetected(String keyword, double score, long audioMs) {
  }

  /** {@code wake.trigger} (publish or send): push-to-talk; opens listening as a wake word would. */
  public record WakeTrigger(String source) {
  }

  /** {@code speech.start} (publish): the user started speaking. */
  public record SpeechStart(String utteranceId, long startMs) {
    public SpeechStart {
      Require.text(utteranceId, "utteranceId");
    }
  }

  /**
   * {@code speech.end} (publish): the utterance ended. {@code reason}: silence, max_length, or
   * no_speech (nobody spoke after the wake word; no transcript follows).
   */
  public record SpeechEnd(String utteranceId, long startMs, long endMs, String reason) {
    public SpeechEnd {
      Require.text(utteranceId, "utteranceId");
    }
  }

  /** {@code stt.partial} (publish): the transcript so far, while the user speaks (streaming engines). */
  public record SttPartial(String utteranceId, String text) {
  }

  /** {@code stt.transcript} (publish): the final transcript of an utterance. */
  public record SttTranscript(String utteranceId, String text, String engine, long audioMs, long latencyMs) {
    public SttTranscript {
      Require.present(text, "text");
    }
  }

  /**
   * {@code bridge.interrupt} (publish): the user talked over the bridge (barge-in) or asked it to stop.
   * Speech output stops at once; the session aborts the gateway run.
   */
  public record BridgeInterrupt(String reason, String runId) {
  }
}
