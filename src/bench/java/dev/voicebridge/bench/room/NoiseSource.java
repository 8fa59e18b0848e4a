package dev.voicebridge.bench.room;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.bench.SpeechSynth;
import java.util.List;
import java.util.Random;

/**
 * Background noise for the room, at a level given in dBFS (RMS): pink noise (a 1/f spectrum: fans,
 * traffic, a fridge — Paul Kellet's filter on white noise) or babble (several espeak-ng voices talking at
 * once in the background, looped: the hardest noise for a voice activity detector, because it is speech).
 */
public abstract class NoiseSource {

  /** Adds {@code n} samples of noise to {@code out}. */
  public abstract void addTo(float[] out, int n);

  public static NoiseSource none() {
    return new NoiseSource() {
      @Override
      public void addTo(float[] out, int n) {
      }
    };
  }

  public static NoiseSource pink(double dbfs, long seed) {
    return new Pink(dbfs, seed);
  }

  public static NoiseSource babble(double dbfs) {
    return new Babble(dbfs);
  }

  public static NoiseSource of(String kind, double dbfs, long seed) {
    return switch (kind) {
      case "none" -> none();
      case "pink" -> pink(dbfs, seed);
      case "babble" -> babble(dbfs);
      default -> throw new IllegalArgumentException("noise is none, pink or babble: " + kind);
    };
  }

  private static final class Pink extends NoiseSource {
    private final Random random;
    private final double gain;
    private double b0;
    private double b1;
    private double b2;
    private double b3;
    private double b4;
    private double b5;
    private double b6;

    Pink(double dbfs, long seed) {
      this.random = new Random(seed);
      // the filter's output RMS for unit white noise is about 3.4 (measured): scale to the wanted level
      this.gain = Math.pow(10, dbfs / 20) * 32768 / 3.4;
    }

    @Override
    public void addTo(float[] out, int n) {
      for (int i = 0; i < n; i++) {
        double white = random.nextGaussian();
        b0 = 0.99886 * b0 + white * 0.0555179;
        b1 = 0.99332 * b1 + white * 0.0750759;
        b2 = 0.96900 * b2 + white * 0.1538520;
        b3 = 0.86650 * b3 + white * 0.3104856;
        b4 = 0.55000 * b4 + white * 0.5329522;
        b5 = -0.7616 * b5 - white * 0.0168980;
        double pink = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
        b6 = white * 0.115926;
        out[i] += (float) (pink * gain);
      }
    }
  }

  private static final class Babble extends NoiseSource {
    private static final List<String> TALK = List.of(
        "and then we went down to the market on saturday morning to buy some fish",
        "I told him that the meeting was moved to thursday but he never listened",
        "the children were playing in the garden until it started to rain",
        "do you remember the name of that restaurant near the station");
    private static final String[] VOICES = {"en-us+f2", "en-gb", "en-us+m4", "en-029+f4"};
    private final float[] loop;
    private int at;

    Babble(double dbfs) {
      int length = (int) PcmSamples.msToSamples(20_000);
      float[] mix = new float[length];
      for (int v = 0; v < VOICES.length; v++) {
        int pos = v * 3137;
        while (pos < length) {
          short[] speech = SpeechSynth.speak(TALK.get((pos / 7 + v) % TALK.size()), VOICES[v], 150 + 10 * v, 40 + 8 * v);
          for (int i = 0; i < speech.length && pos + i < length; i++) {
            mix[pos + i] += speech[i];
          }
          pos += speech.length + (int) PcmSamples.msToSamples(300);
        }
      }
      double sum = 0;
      for (float x : mix) {
        sum += (double) x * x;
      }
      double rms = Math.sqrt(sum / length);
      double scale = Math.pow(10, dbfs / 20) * 32768 / Math.max(rms, 1e-9);
      for (int i = 0; i < length; i++) {
        mix[i] *= (float) scale;
      }
      this.loop = mix;
    }

    @Override
    public void addTo(float[] out, int n) {
      for (int i = 0; i < n; i++) {
        out[i] += loop[at];
        at = (at + 1) % loop.length;
      }
    }
  }
}
