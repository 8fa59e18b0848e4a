package dev.voicebridge.audio;

/**
 * The last few seconds of the stream, by absolute sample position: an utterance is transcribed from its
 * pre-roll although {@code speech.start} is only known after the speech began, and a wake-phrase candidate
 * is checked on the seconds around it.
 */
public final class AudioHistory {

  private final short[] ring;
  private long end;

  public AudioHistory(int capacitySamples) {
    this.ring = new short[capacitySamples];
  }

  public void append(short[] samples, long startSample) {
    if (startSample != end) {
      end = startSample; // a gap (or the first frame): positions restart here
    }
    for (short s : samples) {
      ring[(int) (end % ring.length)] = s;
      end++;
    }
  }

  public long end() {
    return end;
  }

  /** The oldest position still held. */
  public long start() {
    return Math.max(0, end - ring.length);
  }

  /** Samples from {@code from} to {@code to} (clamped to what is held). */
  public short[] range(long from, long to) {
    long start = Math.max(from, Math.max(0, end - ring.length));
    int n = (int) Math.max(0, Math.min(to, end) - start);
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    return out;
  }
}
