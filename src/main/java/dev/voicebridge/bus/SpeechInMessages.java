package dev.voicebridge.bus;

/**
 * Messages of the speech-in side: wake word, endpointing, transcription, interruption. Times in
 * milliseconds of audio since capture started ({@code audioMs}, {@code startMs}, {@code endMs}).
 */
public final class SpeechInMessages {

  private SpeechInMessages() {
  }

  /**
   * {@code wake.detected} (publish): {@code keyword} was heard by {@code engine} (openwakeword, porcupine,
   * vosk) with {@code score} in [0, 1] (1 for engines that give no score); {@code audioMs} is where the
   * detection fired, at or just after the end of the wake word. Listening for an utterance opens there.
   */
  public record WakeDetected(String keyword, double score, long audioMs, String engine) {
  }

  /** {@code wake.trigger} (publish or send): push-to-talk; opens listening as a wake word would. */
  public record WakeTrigger(String source) {
  }

  /**
   * {@code speech.start} (publish): the user started speaking at {@code startMs}; the endpointer was sure
   * of it at {@code detectedMs} (about {@code vad.minSpeechMs} later). The utterance's audio for
   * transcription begins at {@code audioStartMs}: the pre-roll before {@code startMs}, never before
   * listening opened (so the wake word is not transcribed). {@code trigger}: what opened listening —
   * wake_word, push_to_talk, always (no wake word), barge_in (the user talked over the bridge), or
   * follow_up (listening opened by itself after a reply, vad.followUpMs). After a wake word (and in its
   * follow-ups), {@code wakeWord} is the phrase heard and {@code sessionKey} the session the gateway's wake
   * routing sends that trigger's turn to (null: the bridge's own session, {@code gateway.sessionKey}).
   */
  public record SpeechStart(String utteranceId, long startMs, long audioStartMs, long detectedMs, String trigger,
      String wakeWord, String sessionKey) {
    public SpeechStart {
      Require.text(utteranceId, "utteranceId");
    }

    public SpeechStart(String utteranceId, long startMs, long audioStartMs, long detectedMs, String trigger) {
      this(utteranceId, startMs, audioStartMs, detectedMs, trigger, null, null);
    }

    /** The same, woken by {@code wakeWord} and routed to {@code sessionKey}. */
    public SpeechStart woken(String word, String key) {
      return new SpeechStart(utteranceId, startMs, audioStartMs, detectedMs, trigger, word, key);
    }
  }

  /**
   * {@code speech.end} (publish): the utterance ended at {@code endMs} (the end of its last speech).
   * {@code reason}: silence, max_length, end_of_input (a file or stdin ended), no_speech (nobody spoke
   * after the wake word; listening closes and no transcript follows), or restarted (the wake word was
   * heard at the start of a barge-in: the utterance is dropped, no transcript, and a new one opens after
   * the wake word). {@code decidedMs}: where in the stream the listener decided it had ended (after the
   * pause that ends a turn: {@code decidedMs - endMs} is what the user waits for the end of turn).
   */
  public record SpeechEnd(String utteranceId, long startMs, long endMs, String reason, long decidedMs) {
    public SpeechEnd {
      Require.text(utteranceId, "utteranceId");
    }
  }

  /**
   * {@code stt.partial} (publish): the transcript so far, while the user speaks (streaming engines: Vosk),
   * after every piece of audio the engine hears, so the same text repeats; {@code heardMs}: the stream
   * position (as in speech.start) up to which the engine has heard. The listener decides from these words
   * how long a pause ends the turn, and trusts them only when they cover the speech it has seen.
   */
  public record SttPartial(String utteranceId, String text, long heardMs) {
  }

  /**
   * {@code stt.transcript} (publish): the final transcript of an utterance. {@code text} is empty when
   * nothing was recognised (noise); {@code audioMs} is the length of the audio transcribed and
   * {@code latencyMs} the time from {@code speech.end} to this transcript; {@code trigger} is the
   * utterance's speech.start trigger (barge_in: the user talked over the bridge), and {@code wakeWord} /
   * {@code sessionKey} its wake phrase and routed session (null: the bridge's own).
   */
  public record SttTranscript(String utteranceId, String text, String engine, long audioMs, long latencyMs,
      String trigger, String wakeWord, String sessionKey) {
    public SttTranscript {
      Require.present(text, "text");
    }

    public SttTranscript(String utteranceId, String text, String engine, long audioMs, long latencyMs,
        String trigger) {
      this(utteranceId, text, engine, audioMs, latencyMs, trigger, null, null);
    }
  }

  /**
   * {@code bridge.interrupt} (publish): the user talked over the bridge (barge-in) or asked it to stop.
   * Speech output stops at once; the session aborts the gateway run. {@code reason}: barge_in (speech
   * during playback), push_to_talk (wake.trigger during playback), or the sender's own word;
   * {@code runId}: the run being spoken, when known.
   */
  public record BridgeInterrupt(String reason, String runId) {
  }

  /** {@code aec.status} (request): no fields. */
  public record EchoStatusRequest() {
  }

  /**
   * Reply of {@code aec.status}: the echo canceller in use ({@code speexdsp} or {@code none}); whether echo is
   * possible now (the speaker played recently); the echo path's measured latency beyond the devices'
   * reported buffers and the clock drift between speaker and microphone; whether measurements agree
   * ({@code locked}) and how often the path changed; the residual echo level relative to what is played
   * ({@code residualGainDb}); the echo return loss enhancement over all playback so far ({@code erleDb},
   * double talk included); the audio processed and the share of one CPU core the stage used.
   */
  public record EchoStatus(String engine, boolean active, double latencyMs, double driftPpm, boolean locked,
      int pathRestarts, double residualGainDb, double erleDb, double audioSeconds, double cpuShare) {
  }
}
