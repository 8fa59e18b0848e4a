package dev.voicebridge.audio;

import java.util.Arrays;

/**
 * Sample-rate conversion with a windowed-sinc (Blackman) low-pass filter, usable on a stream (a capture
 * line delivers blocks) or on a whole clip. When the rate goes down, the filter cuts below the new Nyquist
 * frequency so that high frequencies do not fold back into the speech band (aliasing hurts recognition
 * more than a little lost treble). Output sample {@code k} is the input at time {@code k * in/out}.
 */
public final class Resampler {

  private static final int ZERO_CROSSINGS = 16;

  private final int inRate;
  private final int outRate;
  private final double step;
  private final double cutoff;
  private final double halfWidth;

  /** Input samples kept; {@code buffer[0]} is absolute input sample {@code bufferStart}. */
  private float[] buffer = new float[0];
  private long bufferStart;
  private long received;
  private long produced;

  public Resampler(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException("sample rates must be positive: " + inRate + " -> " + outRate);
    }
    this.inRate = inRate;
    this.outRate = outRate;
    this.step = (double) inRate / outRate;
    this.cutoff = Math.min(1.0, (double) outRate / inRate) * 0.95;
    this.halfWidth = ZERO_CROSSINGS / cutoff;
  }

  /** Converts a whole clip: the output has {@code round(in.length * out / in)} samples. */
  public static float[] convert(float[] in, int inRate, int outRate) {
    if (inRate == outRate) {
      return in.clone();
    }
    Resampler r = new Resampler(inRate, outRate);
    float[] head = r.process(in);
    float[] tail = r.flush();
    int expected = (int) Math.round((double) in.length * outRate / inRate);
    float[] out = Arrays.copyOf(head, expected);
    System.arraycopy(tail, 0, out, head.length, Math.max(0, Math.min(tail.length, expected - head.length)));
    return out;
  }

  public boolean isIdentity() {
    return inRate == outRate;
  }

  /** Feeds a block; returns the output samples whose filter window is complete. */
  public float[] process(float[] in) {
    if (isIdentity()) {
      return in.clone();
    }
    append(in);
    return produce(received);
  }

  /** {@link #process(float[])} for 16-bit PCM; the block itself when the rates already match. */
  public short[] process(short[] in) {
    return isIdentity() ? in : PcmSamples.toPcm16(process(PcmSamples.toFloat(in, 0, in.length)));
  }

  /** Ends the stream: the remaining output, as if zeros followed the last input. */
  public float[] flush() {
    if (isIdentity()) {
      return new float[0];
    }
    long end = received;
    append(new float[(int) Math.ceil(halfWidth) + 1]);
    long last = (long) Math.ceil(end / step);
    float[] out = produce(received);
    int keep = (int) Math.max(0, Math.min(out.length, last - (produced - out.length)));
    return Arrays.copyOf(out, keep);
  }

  private void append(float[] in) {
    float[] grown = Arrays.copyOf(buffer, buffer.length + in.length);
    System.arraycopy(in, 0, grown, buffer.length, in.length);
    buffer = grown;
    received += in.length;
  }

  private float[] produce(long available) {
    int hw = (int) Math.ceil(halfWidth);
    // output k needs input up to floor(k*step) + hw
    long lastK = (long) Math.floor((available - 1 - hw) / step);
    int count = (int) Math.max(0, lastK - produced + 1);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = sampleAt((produced + i) * step, hw);
    }
    produced += count;
    long keepFrom = (long) Math.floor(produced * step) - hw - 1;
    if (keepFrom > bufferStart) {
      int drop = (int) Math.min(buffer.length, keepFrom - bufferStart);
      buffer = Arrays.copyOfRange(buffer, drop, buffer.length);
      bufferStart += drop;
    }
    return out;
  }

  private float sampleAt(double t, int hw) {
    long center = (long) Math.floor(t);
    double acc = 0;
    for (long n = center - hw + 1; n <= center + hw; n++) {
      if (n < 0 || n < bufferStart) {
        continue;
      }
      int idx = (int) (n - bufferStart);
      if (idx >= buffer.length) {
        break;
      }
      acc += buffer[idx] * kernel(t - n);
    }
    return (float) acc;
  }

  private double kernel(double x) {
    double ax = Math.abs(x);
    if (ax >= halfWidth) {
      return 0;
    }
    double arg = Math.PI * cutoff * x;
    double sinc = ax < 1e-9 ? 1.0 : Math.sin(arg) / arg;
    double w = 0.42 + 0.5 * Math.cos(Math.PI * x / halfWidth) + 0.08 * Math.cos(2 * Math.PI * x / halfWidth);
    return cutoff * sinc * w;
  }
}
