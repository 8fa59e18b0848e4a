package dev.voicebridge.stt;

/**
 * The last few seconds of the stream, by absolute sample position, so that an utterance can be transcribed
 * from its pre-roll even though {@code speech.start} is only known after the speech began.
 */
final class AudioHistory {

  private final short[] ring;
  private long end;

  AudioHistory(int capacitySamples) {
    this.ring = new short[capacitySamples];
  }

  void append(short[] samples, long startSample) {
    if (startSample != end) {
      end = startSample; // a gap (or the first frame): positions restart here
    }
    for (short s : samples) {
      ring[(int) (end % ring.length)] = s;
      end++;
    }
  }

  long end() {
    return end;
  }

  /** The oldest position still held. */
  long start() {
    return Math.max(0, end - ring.length);
  }

  /** Samples from {@code from} to {@code to} (clamped to what is held). */
  short[] range(long from, long to) {
    long start = Math.max(from, Math.max(0, end - ring.length));
    int n = (int) Math.max(0, Math.min(to, end) - start);
    short[] out = new short[n];
    for (int i = 0; i < n; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    return out;
  }
}
