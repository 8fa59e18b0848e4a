package dev.voicebridge.stt;

/**
 * A speech-to-text engine holding its model (loaded once, reused for every utterance). Not thread-safe:
 * one utterance at a time, on a worker thread.
 */
public interface Transcriber extends AutoCloseable {

  /** vosk or whisper. */
  String engine();

  /** Whether it gives the words so far while the user speaks ({@link Utterance#accept}); Whisper does not. */
  default boolean streams() {
    return false;
  }

  /** Starts an utterance. */
  Utterance open();

  /** Transcribes a whole clip of 16 kHz mono PCM16. */
  default String transcribe(short[] pcm) {
    Utterance u = open();
    u.accept(pcm, pcm.length);
    return u.finish();
  }

  /**
   * Transcribes in {@code language} (a two- or three-letter code) from the next utterance on; false when
   * this engine's language is fixed by its model.
   */
  default boolean language(String language) {
    return false;
  }

  @Override
  void close();

  /** One utterance being transcribed. */
  interface Utterance {
    /**
     * Feeds the next {@code count} samples of {@code pcm}. Returns the transcript so far when it changed
     * (streaming engines), else null.
     */
    String accept(short[] pcm, int count);

    /** The final transcript (trimmed, possibly empty); the utterance is over. */
    String finish();

    /** Drops the utterance. */
    void cancel();
  }
}
