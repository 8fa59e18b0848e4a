package dev.voicebridge.listen.echo;

import java.util.OptionalDouble;

/**
 * Finds how much later the microphone hears what the speaker played: the lag of the strongest peak of the
 * generalised cross-correlation with phase transform (GCC-PHAT) between the microphone signal and the
 * reference. The phase transform whitens both spectra, so speech — whose plain correlation is one broad
 * hump — gives a sharp peak at the direct path even in a reverberant room; a parabola through the peak
 * gives a fraction of a sample, which is what following clock drift needs (the lag moves by 1.6 samples a
 * second at 0.01 %).
 *
 * <p>One FFT of both signals at once (real signals packed as real and imaginary parts) and one inverse.
 * Pure and single-threaded; buffers are reused.
 */
final class DelayEstimator {

  /** Spectral whitening exponent: 1 is pure PHAT; a little less keeps noise-only bins from counting fully. */
  private static final double BETA = 0.85;

  private final Fft fft;
  private final int n;
  private final double[] re;
  private final double[] im;
  private final double[] cr;
  private final double[] ci;
  private double lastConfidence;

  DelayEstimator(int fftSize) {
    this.fft = new Fft(fftSize);
    this.n = fftSize;
    this.re = new double[n];
    this.im = new double[n];
    this.cr = new double[n];
    this.ci = new double[n];
  }

  int size() {
    return n;
  }

  /** Peak-to-RMS ratio of the correlation of the last estimate (how clearly one lag stands out). */
  double lastConfidence() {
    return lastConfidence;
  }

  /**
   * The lag {@code τ} in {@code [lo, hi]} samples such that {@code mic[i] ≈ ref[i + hi - τ]}: {@code mic}
   * holds {@code micLen} samples of the microphone, {@code ref} the reference from {@code hi} samples before
   * the first of them to {@code lo} samples before the last ({@code micLen + hi - lo} samples). Empty when
   * no lag stands out by {@code minConfidence} (peak over RMS of the correlation).
   */
  OptionalDouble estimate(float[] mic, int micLen, float[] ref, int lo, int hi, double minConfidence) {
    int refLen = micLen + hi - lo;
    if (refLen > n) {
      throw new IllegalArgumentException("window of " + refLen + " samples does not fit an FFT of " + n);
    }
    for (int i = 0; i < n; i++) {
      re[i] = i < micLen ? mic[i] : 0;
      im[i] = i < refLen ? ref[i] : 0;
    }
    fft.forward(re, im);
    // Unpack the two spectra: M(k) = (Z(k) + conj Z(n-k)) / 2, R(k) = (Z(k) - conj Z(n-k)) / 2i;
    // cross spectrum conj(M) * R, whitened.
    for (int k = 0; k < n; k++) {
      int j = (n - k) & (n - 1);
      double mr = 0.5 * (re[k] + re[j]);
      double mi = 0.5 * (im[k] - im[j]);
      double rr = 0.5 * (im[k] + im[j]);
      double ri = -0.5 * (re[k] - re[j]);
      double xr = mr * rr + mi * ri;
      double xi = mr * ri - mi * rr;
      double mag = Math.hypot(xr, xi);
      double w = mag > 1e-12 ? Math.pow(mag, -BETA) : 0;
      cr[k] = xr * w;
      ci[k] = xi * w;
    }
    fft.inverse(cr, ci);
    // corr[s] = sum_i mic[i] ref[i + s]; s = hi - τ runs over [0, hi - lo].
    int span = hi - lo;
    int best = -1;
    double peak = Double.NEGATIVE_INFINITY;
    double sumSq = 0;
    for (int s = 0; s <= span; s++) {
      double c = cr[s];
      sumSq += c * c;
      if (c > peak) {
        peak = c;
        best = s;
      }
    }
    double rms = Math.sqrt(sumSq / (span + 1));
    lastConfidence = rms > 0 ? peak / rms : 0;
    if (best < 0 || lastConfidence < minConfidence) {
      return OptionalDouble.empty();
    }
    double offset = 0;
    if (best > 0 && best < span) {
      double a = cr[best - 1];
      double c = cr[best + 1];
      double denominator = a - 2 * peak + c;
      if (denominator < 0) {
        offset = 0.5 * (a - c) / denominator;
      }
    }
    return OptionalDouble.of(hi - (best + offset));
  }
}
