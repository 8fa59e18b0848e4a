package dev.voicebridge.base;

import java.io.IOException;
import java.io.InputStream;

/** What reading a stream needs beyond {@link InputStream}'s own promises. */
public final class InputStreams {

  private InputStreams() {
  }

  /**
   * Skips {@code n} bytes: {@link InputStream#skip} may skip fewer, or none before the end, so it is called
   * until they are skipped, reading a byte when it skips nothing.
   *
   * @return false when the stream ended first
   */
  public static boolean skipFully(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          return false;
        }
        skipped = 1;
      }
      left -= skipped;
    }
    return true;
  }
}
