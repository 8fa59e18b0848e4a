package dev.voicebridge.bench.room;

import dev.voicebridge.audio.PcmSamples;
import java.util.Random;

/**
 * A synthetic room impulse response from the loudspeaker to the microphone: silence for the direct path's
 * delay, the direct sound, then a diffuse tail of Gaussian noise whose envelope decays exponentially so
 * that it has fallen 60 dB after {@code rt60Ms} (the statistical room model, Polack's). Scaled to unit
 * energy, so the gain of the echo is set separately. Seeded: the same room every run.
 */
public final class RoomImpulseResponse {

  private RoomImpulseResponse() {
  }

  /**
   * @param directMs   delay of the direct sound (5-50 ms: 1.7-17 m of travel, plus converter latency)
   * @param rt60Ms     reverberation time (200-600 ms for living rooms and kitchens)
   * @param directToReverbDb how much louder the direct sound is than the whole tail (distance dependent)
   */
  public static float[] create(int directMs, int rt60Ms, double directToReverbDb, long seed) {
    Random random = new Random(seed);
    int direct = (int) PcmSamples.msToSamples(directMs);
    int tail = (int) PcmSamples.msToSamples(Math.max(1, rt60Ms));
    float[] h = new float[direct + tail];
    double tau = rt60Ms / 1000.0 / Math.log(1000); // amplitude falls by e every tau seconds: 60 dB at rt60
    double tailEnergy = 0;
    double[] t = new double[tail];
    for (int i = 1; i < tail; i++) {
      double seconds = i / (double) PcmSamples.RATE;
      double onset = Math.min(1, seconds / 0.002); // the first reflections need a few ms to arrive
      t[i] = random.nextGaussian() * Math.exp(-seconds / tau) * onset;
      tailEnergy += t[i] * t[i];
    }
    double tailGain = tailEnergy > 0 ? Math.pow(10, -directToReverbDb / 20) / Math.sqrt(tailEnergy) : 0;
    h[direct] = 1f;
    for (int i = 1; i < tail; i++) {
      h[direct + i] = (float) (t[i] * tailGain);
    }
    double energy = 0;
    for (float v : h) {
      energy += v * v;
    }
    float norm = (float) (1 / Math.sqrt(energy));
    for (int i = 0; i < h.length; i++) {
      h[i] *= norm;
    }
    return h;
  }
}
