package dev.voicebridge.audio;

import java.io.IOException;

/** Where captured audio comes from. Every source delivers 16 kHz mono PCM16, whatever its own format. */
public interface AudioSource extends AutoCloseable {

  /** For logs: which device or file, and its native format. */
  String description();

  /**
   * Fills {@code buf} with the next samples, blocking until some are available. Returns how many were
   * written, or -1 when the source has ended (end of file or of stdin; a microphone never ends).
   */
  int read(short[] buf) throws IOException;

  /** Whether the source has a natural end and can be read faster than real time (files, stdin). */
  boolean finite();

  @Override
  void close();
}
