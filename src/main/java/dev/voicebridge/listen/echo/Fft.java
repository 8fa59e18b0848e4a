package dev.voicebridge.listen.echo;

/**
 * An in-place radix-2 complex FFT of a fixed power-of-two size, with its twiddle factors and bit-reversal
 * table computed once. Small and allocation-free: the echo path's delay estimator (and the room simulator's
 * convolution) call it many times a second.
 */
public final class Fft {

  private final int n;
  private final int[] reversed;
  private final double[] cos;
  private final double[] sin;

  public Fft(int size) {
    if (size < 2 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two: " + size);
    }
    n = size;
    int bits = Integer.numberOfTrailingZeros(size);
    reversed = new int[size];
    for (int i = 0; i < size; i++) {
      reversed[i] = Integer.reverse(i) >>> (32 - bits);
    }
    cos = new double[size / 2];
    sin = new double[size / 2];
    for (int i = 0; i < size / 2; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / size);
      sin[i] = Math.sin(2 * Math.PI * i / size);
    }
  }

  public int size() {
    return n;
  }

  /** Forward transform of (re, im), in place. */
  public void forward(double[] re, double[] im) {
    transform(re, im, -1);
  }

  /** Inverse transform, in place, scaled by 1/n (so inverse(forward(x)) == x). */
  public void inverse(double[] re, double[] im) {
    transform(re, im, 1);
    for (int i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }

  private void transform(double[] re, double[] im, int sign) {
    for (int i = 0; i < n; i++) {
      int j = reversed[i];
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      int half = len >> 1;
      int step = n / len;
      for (int start = 0; start < n; start += len) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * step];
          double wi = sign * sin[k * step];
          int a = start + k;
          int b = a + half;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}
