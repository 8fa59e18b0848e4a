package dev.voicebridge.testkit;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds steady tones in recorded audio (16 kHz mono): the device's cues, told from speech because one
 * frequency carries nearly all of a window's energy, which a voice's many harmonics never do.
 */
public final class Tones {

  private static final int WINDOW = 480; // 30 ms
  private static final int HOP = 160; // 10 ms
  private static final double PURITY = 0.8;
  private static final double FLOOR_DBFS = -45;

  private Tones() {
  }

  /** Where (ms from the start) a tone of {@code hz} begins, one entry per run of windows that carry it. */
  public static List<Long> starts(short[] pcm, double hz) {
    List<Long> starts = new ArrayList<>();
    boolean inTone = false;
    for (int at = 0; at + WINDOW <= pcm.length; at += HOP) {
      boolean tone = purity(pcm, at, hz) >= PURITY;
      if (tone && !inTone) {
        starts.add(at * 1000L / 16000);
      }
      inTone = tone;
    }
    return starts;
  }

  /** Starts of {@code first} followed by {@code second} within {@code withinMs}: a two-note cue. */
  public static List<Long> pairs(short[] pcm, double first, double second, long withinMs) {
    List<Long> seconds = starts(pcm, second);
    return starts(pcm, first).stream()
        .filter(a -> seconds.stream().anyMatch(b -> b > a && b - a <= withinMs)).toList();
  }

  /** The share of the window's energy at {@code hz} (1 for a pure tone), 0 for a window near silence. */
  static double purity(short[] pcm, int from, double hz) {
    double w = 2 * Math.PI * hz / 16000;
    double re = 0;
    double im = 0;
    double energy = 0;
    for (int i = 0; i < WINDOW; i++) {
      double x = pcm[from + i] / 32768.0;
      re += x * Math.cos(w * i);
      im -= x * Math.sin(w * i);
      energy += x * x;
    }
    if (10 * Math.log10(energy / WINDOW + 1e-12) < FLOOR_DBFS) {
      return 0;
    }
    return (re * re + im * im) / (WINDOW / 2.0 * energy);
  }
}
