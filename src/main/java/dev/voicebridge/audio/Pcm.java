package dev.voicebridge.audio;

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
    WavHeader h = WavHeader.read(in, "the WAV stream");
    if (h.format() != 1 || h.bits() != 16) {
      throw new IOException("WAV is not 16-bit PCM (format " + h.format() + ", " + h.bits() + " bits)");
    }
    if (!PcmFormat.isSupported(h.sampleRate(), h.channels())) {
      throw new IOException("the WAV stream has an unusable format: " + h.channels() + " channel(s) at "
          + Integer.toUnsignedString(h.sampleRate()) + " Hz (1 to 8 channels, 1000 to 192000 Hz)");
    }
    return new PcmFormat(h.sampleRate(), h.channels());
  }

  /** Root mean square level of PCM16 LE samples, 0..1 of full scale. */
  public static double rms(byte[] pcm, int off, int len) {
    return PcmSamples.rms(PcmSamples.fromLittleEndian(pcm, off, len - len % 2));
  }

  public static double rms(byte[] pcm) {
    return rms(pcm, 0, pcm.length);
  }
}
