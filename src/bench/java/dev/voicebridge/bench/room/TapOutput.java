package dev.voicebridge.bench.room;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.PlaybackReference;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * A model loudspeaker fed by the bridge's own playback tap ({@code audio.reference}: exactly the PCM the
 * sink is given and when it plays), for machines without a sound server and for what a real device cannot
 * be made to do on demand: a clock that runs {@code driftPpm} fast (or slow) relative to the microphone's.
 * The samples are scheduled at the times the tap says and emitted with a 16-tap windowed-sinc resampler
 * when the clock drifts. Independent of the bridge's own echo-path code on purpose: it is the test's
 * oracle of what the speaker did.
 */
public final class TapOutput implements SpeakerOutput {

  private static final int RING = 1 << 19;
  private static final int TAPS = 16;

  private final EventBus bus;
  private final double drift;
  private final float[] ring = new float[RING];
  private final Object lock = new Object();
  private MessageConsumer<?> consumer;
  private long startNanos;
  private long burstStart = Long.MIN_VALUE;
  private long burstEnd = Long.MIN_VALUE;
  private long cutAt = Long.MAX_VALUE;

  public TapOutput(EventBus bus, double driftPpm) {
    this.bus = bus;
    this.drift = driftPpm * 1e-6;
  }

  @Override
  public void start(long startNanos) {
    this.startNanos = startNanos;
    consumer = PlaybackReference.consume(bus, this::onBlock);
  }

  private void onBlock(PlaybackReference.Block b) {
    long at = (long) Math.floor((b.nanos() - startNanos) / 62_500.0);
    synchronized (lock) {
      if (b.cut()) {
        cutAt = at;
        burstEnd = Math.min(burstEnd, at);
        return;
      }
      if (burstEnd == Long.MIN_VALUE || b.gap() || Math.abs(at - burstEnd) > PcmSamples.msToSamples(500)) {
        burstStart = at;
        burstEnd = at;
        cutAt = Long.MAX_VALUE;
      }
      for (short s : b.samples()) {
        ring[(int) (burstEnd & (RING - 1))] = s;
        burstEnd++;
      }
    }
  }

  @Override
  public void read(long from, float[] out, int n) {
    synchronized (lock) {
      for (int i = 0; i < n; i++) {
        long t = from + i;
        if (burstStart == Long.MIN_VALUE || t < burstStart) {
          out[i] = 0;
          continue;
        }
        double k = burstStart + (t - burstStart) * (1 + drift);
        long end = Math.min(burstEnd, cutAt);
        out[i] = k >= end - 1 || k < burstStart ? 0 : (float) interpolate(k, end);
      }
    }
  }

  private double interpolate(double k, long end) {
    long i = (long) Math.floor(k);
    double f = k - i;
    if (f == 0) {
      return ring[(int) (i & (RING - 1))];
    }
    double acc = 0;
    double norm = 0;
    for (int j = 0; j < TAPS; j++) {
      long q = i - TAPS / 2 + 1 + j;
      double x = q - k;
      double sinc = Math.sin(Math.PI * x) / (Math.PI * x);
      double w = 0.5 + 0.5 * Math.cos(Math.PI * x / (TAPS / 2.0)); // Hann
      double c = sinc * w;
      norm += c;
      if (q >= burstStart && q < end) {
        acc += c * ring[(int) (q & (RING - 1))];
      }
    }
    return acc / norm;
  }

  @Override
  public String describe() {
    return "speaker model on the playback tap" + (drift == 0 ? "" : String.format(", clock %+.0f ppm", drift * 1e6));
  }

  @Override
  public void close() {
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
