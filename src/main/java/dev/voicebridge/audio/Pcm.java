package dev.voicebridge.audio;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** PCM16 helpers shared by the synthesisers and sinks: WAV headers and levels. */
public final class Pcm {

  private Pcm() {
  }

  /** The canonical 44-byte WAV header for {@code dataBytes} of PCM in {@code format}. */
  public static byte[] wavHeader(PcmFormat format, long dataBytes) {
    long data = Math.min(dataBytes, 0xFFFFFFFFL - 36);
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + data));
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) format.channels()).putInt(format.sampleRate())
        .putInt(format.bytesPerSecond()).putShort((short) format.frameBytes()).putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) data);
    return b.array();
  }

  /**
   * Reads a WAV header from a stream up to the start of its PCM data (chunks before {@code data} are
   * skipped). Streaming writers such as {@code espeak-ng --stdout} put a placeholder length in the
   * header, so the data length is not returned: read until the end of the stream.
   *
   * @throws IOException if the stream is not 16-bit PCM WAV, or ends inside the header
   */
  public static PcmFormat readWavHeader(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] riff = new byte[12];
    d.readFully(riff);
    if (!new String(riff, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")
        || !new String(riff, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WAVE")) {
      throw new IOException("not a WAV stream");
    }
    PcmFormat format = null;
    while (true) {
      byte[] head = new byte[8];
      d.readFully(head);
      String id = new String(head, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
      long size = ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
      if (id.equals("fmt ")) {
        byte[] fmt = new byte[(int) size];
        d.readFully(fmt);
        ByteBuffer f = ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN);
        int tag = f.getShort() & 0xFFFF;
        int channels = f.getShort() & 0xFFFF;
        int rate = f.getInt();
        f.getInt();
        f.getShort();
        int bits = f.getShort() & 0xFFFF;
        if (tag != 1 || bits != 16) {
          throw new IOException("WAV is not 16-bit PCM (format " + tag + ", " + bits + " bits)");
        }
        format = new PcmFormat(rate, channels);
      } else if (id.equals("data")) {
        if (format == null) {
          throw new IOException("WAV data before its fmt chunk");
        }
        return format;
      } else {
        long skipped = d.skip(size);
        if (skipped < size) {
          throw new EOFException("WAV ends inside a " + id + " chunk");
        }
      }
    }
  }

  /** Root mean square level of PCM16 LE samples, 0..1 of full scale. */
  public static double rms(byte[] pcm, int off, int len) {
    int samples = len / 2;
    if (samples == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < samples; i++) {
      int s = (short) ((pcm[off + 2 * i] & 0xFF) | (pcm[off + 2 * i + 1] << 8));
      sum += (double) s * s;
    }
    return Math.sqrt(sum / samples) / 32768.0;
  }

  public static double rms(byte[] pcm) {
    return rms(pcm, 0, pcm.length);
  }
}
