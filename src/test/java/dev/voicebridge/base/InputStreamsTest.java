package dev.voicebridge.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Skipping exactly n bytes of a stream whose own skip skips fewer (the WAV and tar readers share it). */
class InputStreamsTest {

  private static InputStream bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return new ByteArrayInputStream(b);
  }

  /** A stream whose skip never skips more than one byte, or none at all. */
  private static InputStream stingy(InputStream in, boolean skipsNothing) {
    return new FilterInputStream(in) {
      @Override
      public long skip(long n) throws IOException {
        return skipsNothing ? 0 : super.skip(Math.min(n, 1));
      }
    };
  }

  @Test
  void skipsExactlyNBytesWhateverTheStreamsSkipDoes() throws IOException {
    for (InputStream in : new InputStream[] {bytes(10), stingy(bytes(10), false), stingy(bytes(10), true)}) {
      assertTrue(InputStreams.skipFully(in, 7));
      assertEquals(7, in.read(), "the next byte is the eighth");
    }
  }

  @Test
  void aStreamThatEndsFirstIsReported() throws IOException {
    assertFalse(InputStreams.skipFully(stingy(bytes(3), true), 5));
    assertTrue(InputStreams.skipFully(bytes(3), 0));
  }
}
