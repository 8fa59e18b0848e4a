package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The resampler keeps speech-band tones, removes what would alias, and streams exactly like a whole-clip call. */
class ResamplerTest {

  private static float[] sine(double hz, int rate, double seconds, double amplitude) {
    float[] s = new float[(int) (rate * seconds)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return s;
  }

  private static double rms(float[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += s[i] * s[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  /** Frequency from zero crossings (the tone is clean, so this is exact to a few Hz). */
  private static double frequency(float[] s, int rate) {
    int crossings = 0;
    for (int i = 1; i < s.length; i++) {
      if ((s[i - 1] < 0) != (s[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 / ((double) s.length / rate);
  }

  @Test
  void aSpeechBandToneKeepsItsPitchAndLevel() {
    for (int rate : new int[] {8000, 22050, 44100, 48000}) {
      float[] out = Resampler.convert(sine(1000, rate, 1.0, 0.5), rate, 16_000);
      assertEquals(16_000, out.length, "length at " + rate);
      assertEquals(1000, frequency(out, 16_000), 5, "pitch at " + rate);
      assertEquals(0.5 / Math.sqrt(2), rms(out, 800, 15_200), 0.01, "level at " + rate);
    }
  }

  @Test
  void frequenciesAboveTheNewNyquistAreRemovedNotFolded() {
    float[] out = Resampler.convert(sine(11_000, 48_000, 1.0, 0.5), 48_000, 16_000);
    double db = 20 * Math.log10(rms(out, 800, 15_200) / (0.5 / Math.sqrt(2)));
    assertTrue(db < -40, "11 kHz at 16 kHz would alias to 5 kHz; left at " + db + " dB");
  }

  @Test
  void streamingInBlocksEqualsOneCall() {
    float[] in = sine(440, 44_100, 0.7, 0.3);
    float[] whole = Resampler.convert(in, 44_100, 16_000);
    Resampler r = new Resampler(44_100, 16_000);
    float[] streamed = new float[0];
    for (int off = 0; off < in.length; off += 1234) {
      float[] part = r.process(Arrays.copyOfRange(in, off, Math.min(in.length, off + 1234)));
      streamed = concat(streamed, part);
    }
    streamed = concat(streamed, r.flush());
    assertTrue(Math.abs(streamed.length - whole.length) <= 1, streamed.length + " vs " + whole.length);
    for (int i = 0; i < Math.min(whole.length, streamed.length); i++) {
      assertEquals(whole[i], streamed[i], 1e-5, "sample " + i);
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
