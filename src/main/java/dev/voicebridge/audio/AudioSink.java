package dev.voicebridge.audio;

/**
 * Where synthesised speech is played: a speaker, a WAV file, or nowhere. One player thread calls
 * {@link #begin}, {@link #write} and {@link #drain}; {@link #abort} may be called from any thread (the
 * event loop, on barge-in) and returns at once.
 */
public interface AudioSink extends AutoCloseable {

  /** What this sink plays to, for logs and messages. */
  String describe();

  /**
   * Prepares to play audio in {@code format}: opens (or reopens for a new format) and restarts after an
   * {@link #abort}.
   *
   * @throws AudioSinkException when the device or file cannot be opened; the message says what to do
   */
  void begin(PcmFormat format);

  /** Plays PCM; blocks only while the sink's own small buffer is full (a real-time sink). */
  void write(byte[] pcm, int off, int len);

  /** Waits until everything written was played (or the sink was aborted). */
  void drain();

  /**
   * How long the audio written so far still needs until the device has played it (its queue), in
   * nanoseconds; 0 for a sink that is not a real-time device. Lets the echo canceller know when each
   * sample reaches the speaker.
   */
  default long bufferedNanos() {
    return 0;
  }

  /**
   * How long until a sample written now is heard, in nanoseconds, as the device itself reports it (its
   * queue and its own latency); by default the sink's own account, {@link #bufferedNanos}. The echo
   * canceller places each block of its reference by this, right after the write.
   */
  default long latencyNanos() {
    return bufferedNanos();
  }

  /**
   * Whether the device had run dry before the last {@link #write} (it played silence of its own in between,
   * so that write does not follow the previous one seamlessly). Only meaningful for a real-time sink.
   */
  default boolean ranDry() {
    return false;
  }

  /** Whether what is written here is heard in the room as it is written (a device, not a file). */
  default boolean realTime() {
    return false;
  }

  /** Stops at once and discards what is buffered. Thread-safe, non-blocking. */
  void abort();

  @Override
  void close();
}
