package dev.voicebridge.audio;

import java.io.IOException;
import java.io.InputStream;

/**
 * Raw PCM on standard input (or any stream): signed 16-bit little-endian, mono, at a configured rate
 * ({@code audio.input.stdinSampleRate}), converted to 16 kHz. For piping, e.g.
 * {@code arecord -f S16_LE -r 16000 -c 1 | java -jar voice-bridge.jar listen --input stdin}.
 */
public final class StdinSource implements AudioSource {

  private final InputStream in;
  private final int sampleRate;
  private final Resampler resampler;
  private byte odd = 0;
  private boolean hasOdd;
  private short[] pending = new short[0];
  private int pendingPos;
  private boolean ended;

  public StdinSource(InputStream in, int sampleRate) {
    this.in = in;
    this.sampleRate = sampleRate;
    this.resampler = new Resampler(sampleRate, PcmSamples.RATE);
  }

  @Override
  public String description() {
    return "stdin (raw PCM16 LE mono, " + sampleRate + " Hz)";
  }

  @Override
  public int read(short[] buf) throws IOException {
    while (pendingPos >= pending.length) {
      if (ended) {
        return -1;
      }
      byte[] raw = new byte[Math.max(2, buf.length * 2 * sampleRate / PcmSamples.RATE)];
      int off = 0;
      if (hasOdd) {
        raw[0] = odd;
        off = 1;
        hasOdd = false;
      }
      int n = in.read(raw, off, raw.length - off);
      if (n < 0) {
        ended = true;
        float[] tail = resampler.flush();
        if (tail.length == 0) {
          return -1;
        }
        pending = PcmSamples.toPcm16(tail);
        pendingPos = 0;
        break;
      }
      int total = off + n;
      if ((total & 1) == 1) {
        odd = raw[total - 1];
        hasOdd = true;
        total--;
      }
      short[] pcm = PcmSamples.fromLittleEndian(raw, 0, total);
      pending = resampler.process(pcm);
      pendingPos = 0;
    }
    int count = Math.min(buf.length, pending.length - pendingPos);
    System.arraycopy(pending, pendingPos, buf, 0, count);
    pendingPos += count;
    return count;
  }

  @Override
  public boolean finite() {
    return true;
  }

  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // nothing left to release
    }
  }
}
