package dev.voicebridge.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The speaking pitch of a voice: the median fundamental frequency of its voiced 40 ms frames (autocorrelation). */
public final class Pitch {

  private Pitch() {
  }

  /** Hz, over frames louder than -35 dBFS whose autocorrelation peak between 70 and 400 Hz is clear; NaN if none. */
  public static double medianHz(float[] mono, int rate) {
    int frame = rate / 25;
    int minLag = rate / 400;
    int maxLag = rate / 70;
    List<Double> f0 = new ArrayList<>();
    for (int start = 0; start + frame + maxLag < mono.length; start += frame) {
      double energy = 0;
      for (int i = 0; i < frame; i++) {
        energy += mono[start + i] * mono[start + i];
      }
      if (10 * Math.log10(energy / frame + 1e-12) < -35) {
        continue;
      }
      int best = -1;
      double bestR = 0;
      for (int lag = minLag; lag <= maxLag; lag++) {
        double r = 0;
        double e2 = 0;
        for (int i = 0; i < frame; i++) {
          r += mono[start + i] * mono[start + i + lag];
          e2 += mono[start + i + lag] * mono[start + i + lag];
        }
        double norm = r / Math.sqrt(energy * e2 + 1e-12);
        if (norm > bestR) {
          bestR = norm;
          best = lag;
        }
      }
      if (best > 0 && bestR > 0.6) {
        f0.add((double) rate / best);
      }
    }
    if (f0.isEmpty()) {
      return Double.NaN;
    }
    Collections.sort(f0);
    return f0.get(f0.size() / 2);
  }
}
