package dev.voicebridge.bus;

/** Messages of the speech-out side: filtered sentences and the synthesiser's progress. */
public final class SpeechOutMessages {

  private SpeechOutMessages() {
  }

  /** The run id of an announcement (speech.announce) is this and its id; a reply's is the gateway's run id. */
  public static final String ANNOUNCEMENT_RUN_PREFIX = "announce-";

  /**
   * {@code speech.say} (publish): one speakable sentence of a run, {@code seq} from 0 in speaking order.
   * Without a runId it is a one-off announcement, spoken (and reported with tts.started/finished) alone.
   */
  public record SpeechSay(String runId, int seq, String text) {
    public SpeechSay {
      Require.present(text, "text");
    }
  }

  /**
   * {@code speech.done} (publish): the filter has no more sentences for a run; {@code sentences} were
   * published on speech.say. {@code reason}: final, error or aborted.
   */
  public record SpeechDone(String runId, int sentences, String reason) {
    public SpeechDone {
      Require.text(runId, "runId");
    }
  }

  /** A cue's peak level when tts.cue does not say (dB below full scale). */
  public static final double CUE_VOLUME_DB = -20;

  /** The device's short sounds (see {@code cue.Earcons}). */
  public enum Cue {
    /** A rising pair: the wake word (or push-to-talk) was heard, the device listens. */
    WAKE,
    /** One low, quiet note: the turn was sent and nothing has come back to say yet. */
    THINKING,
    /** A falling pair: the turn failed (the gateway refused it, or its run ended in an error). */
    ERROR;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
      return WireEnum.wire(this);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Cue of(String value) {
      return WireEnum.parse(Cue.class, value);
    }
  }

  /**
   * {@code tts.cue} (publish): play a short sound now, through the speaker and the echo canceller's reference
   * like speech, between sentences if one is playing. It is no run: no tts.started, nothing for barge-in.
   * {@code volumeDb}: its peak below full scale (default {@value #CUE_VOLUME_DB}).
   */
  public record TtsCue(Cue cue, Double volumeDb) {
    public TtsCue {
      Require.present(cue, "cue");
    }
  }

  /** {@code tts.stop} (publish): stop speaking now; with a runId only that run's speech. */
  public record TtsStop(String runId, String reason) {
  }

  /** {@code tts.started} (publish): the first audio of a run went to the sink; {@code engine} made it. */
  public record TtsStarted(String runId, String engine) {
  }

  /** {@code tts.finished} (publish): the last sentence of a run was played (the sink has drained). */
  public record TtsFinished(String runId, int spokenSentences) {
  }

  /**
   * {@code tts.error} (publish): one sentence could not be spoken (the engine crashed or the sink failed);
   * the run goes on with its next sentence.
   */
  public record TtsError(String runId, int seq, String engine, String message) {
  }

  /**
   * {@code tts.interrupted} (publish): a run's speech was stopped before its end; {@code spokenSentences}
   * were played to their end before the stop. {@code reason} comes from the tts.stop or bridge.interrupt.
   */
  public record TtsInterrupted(String runId, int spokenSentences, String reason) {
  }

  /**
   * {@code speech.halt} (publish): the one decision that speech stops — published by the session, which
   * owns the floor, when someone asks for silence ({@code bridge.interrupt}, {@code tts.stop}). The filter
   * drops the rest of {@code runIds} ({@code all}: of every reply it is speaking), the TTS stops them at once
   * ({@code all}: everything it is saying, announcements included); with {@code abort} the session has
   * aborted {@code runIds} (this device's runs still running) at the gateway. {@code reason}: barge_in,
   * wake_word, push_to_talk, stop, or the sender's.
   */
  public record SpeechHalt(java.util.List<String> runIds, boolean all, String reason, boolean abort) {
    public SpeechHalt {
      runIds = runIds == null ? java.util.List.of() : java.util.List.copyOf(runIds);
    }
  }
}
