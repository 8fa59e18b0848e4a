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

  /** Stops at once and discards what is buffered. Thread-safe, non-blocking. */
  void abort();

  @Override
  void close();
}
