package dev.voicebridge.listen.echo;

/**
 * Reads a signal between its samples with a windowed-sinc interpolator (16 taps, 128 phases, Kaiser
 * window): flat to about 7 kHz at 16 kHz whatever the fraction. Following clock drift means reading the
 * reference at a fraction that sweeps slowly from 0 to 1 and over again; linear interpolation would turn
 * that into an echo path whose treble comes and goes, which the adaptive filter cannot follow.
 */
final class FractionalDelay {

  static final int TAPS = 16;
  private static final int PHASES = 128;
  private static final double[][] TABLE = table();

  private FractionalDelay() {
  }

  /** The coefficients for a fraction in [0, 1): tap j weighs sample {@code floor(k) - TAPS/2 + 1 + j}. */
  static double[] coefficients(double fraction) {
    int phase = (int) Math.round(fraction * PHASES);
    return TABLE[Math.min(PHASES, phase)];
  }

  private static double[][] table() {
    double[][] t = new double[PHASES + 1][TAPS];
    double beta = 6.0;
    double i0Beta = besselI0(beta);
    for (int p = 0; p <= PHASES; p++) {
      double frac = p / (double) PHASES;
      double sum = 0;
      for (int j = 0; j < TAPS; j++) {
        double x = j - (TAPS / 2 - 1) - frac; // distance from the wanted point to tap j
        double sinc = Math.abs(x) < 1e-12 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        double r = x / (TAPS / 2.0);
        double window = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
        t[p][j] = sinc * window;
        sum += t[p][j];
      }
      for (int j = 0; j < TAPS; j++) {
        t[p][j] /= sum; // unity gain at DC
      }
    }
    return t;
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 30; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
    }
    return sum;
  }
}
