package dev.voicebridge.listen.echo;

import dev.voicebridge.audio.PcmSamples;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * What the speaker played, laid out on the capture timeline (index = the microphone sample captured while
 * it played), burst by burst. A burst is a stretch of continuous playback: blocks that follow each other
 * are placed end to end whatever their timestamps say (timestamps jitter; the device plays without gaps),
 * and a block after the device ran dry starts a new one at its timestamp. A cut (barge-in) ends the burst
 * where the speaker went silent.
 *
 * <p>The echo of a sample placed at nominal index {@code q} reaches the microphone later by the echo path's
 * latency, and, when the two devices' clocks differ, stretched by the drift: {@link #aligned} reads the
 * reference for a microphone sample through that model, with linear interpolation between samples.
 * Owned by the capture thread.
 */
final class ReferenceTimeline {

  static final int CAPACITY = 1 << 17;
  private static final int MASK = CAPACITY - 1;
  /** A block claiming to play further than this from where the open burst ends starts a new one anyway. */
  static final long SANITY_SAMPLES = PcmSamples.msToSamples(500);

  private static final class Burst {
    final long start;
    long end;

    Burst(long start) {
      this.start = start;
      this.end = start;
    }
  }

  private final float[] ring = new float[CAPACITY];
  private final ArrayDeque<Burst> bursts = new ArrayDeque<>();
  private Burst open;

  /**
   * Places {@code pcm}, which plays from nominal index {@code at}; returns whether it started a new burst.
   * {@code gap}: the device ran dry before it. Otherwise the block follows the open burst seamlessly, and
   * its timestamp (which jitters by tens of milliseconds on a busy machine) only counts when it is
   * grossly off.
   */
  boolean place(short[] pcm, long at, boolean gap) {
    boolean started = false;
    if (open == null || gap || Math.abs(at - open.end) > SANITY_SAMPLES) {
      // A new burst supersedes whatever an earlier one claimed to play from its start on.
      while (!bursts.isEmpty() && bursts.peekLast().start >= at) {
        bursts.pollLast();
      }
      if (!bursts.isEmpty() && bursts.peekLast().end > at) {
        bursts.peekLast().end = at;
      }
      open = new Burst(at);
      bursts.addLast(open);
      started = true;
    }
    long from = open.end;
    for (int i = 0; i < pcm.length; i++) {
      ring[(int) ((from + i) & MASK)] = pcm[i];
    }
    open.end = from + pcm.length;
    forgetBefore(open.end - CAPACITY + PcmSamples.msToSamples(500));
    return started;
  }

  /** The speaker went silent at nominal index {@code at}: the open burst ends there. */
  void cut(long at) {
    if (open != null) {
      open.end = Math.max(open.start, Math.min(open.end, at));
      open = null;
    }
  }

  /** Nominal index where placed audio ends (the last burst's end), or Long.MIN_VALUE when none. */
  long end() {
    return bursts.isEmpty() ? Long.MIN_VALUE : bursts.peekLast().end;
  }

  /** The nominal index where the burst containing (or last ending before) {@code at} started. */
  long burstStart(long at) {
    Iterator<Burst> it = bursts.descendingIterator();
    while (it.hasNext()) {
      Burst b = it.next();
      if (b.start <= at) {
        return b.start;
      }
    }
    return Long.MIN_VALUE;
  }

  /**
   * The reference heard at microphone indices {@code [m0, m0 + n)}: for each {@code m}, the burst sample
   * {@code k} with {@code m = start + latency(start) + k * (1 + drift)}; 0 where nothing played. Returns the sum
   * of squares of what it wrote (its energy), so callers know whether anything played.
   */
  double aligned(long m0, float[] dst, int n, java.util.function.LongToDoubleFunction latency, double drift) {
    Burst[] all = bursts.toArray(new Burst[0]);
    double energy = 0;
    for (int j = 0; j < n; j++) {
      long m = m0 + j;
      float v = 0;
      for (int b = all.length - 1; b >= 0; b--) {
        double k = (m - all[b].start - latency.applyAsDouble(all[b].start)) / (1 + drift);
        if (k < 0) {
          continue;
        }
        long len = all[b].end - all[b].start;
        if (k <= len - 1) {
          long i = (long) Math.floor(k);
          double[] c = FractionalDelay.coefficients(k - i);
          double acc = 0;
          long first = i - FractionalDelay.TAPS / 2 + 1;
          for (int t = 0; t < FractionalDelay.TAPS; t++) {
            long q = first + t;
            if (q >= 0 && q < len) {
              acc += c[t] * ring[(int) ((all[b].start + q) & MASK)];
            }
          }
          v = (float) acc;
        }
        break;
      }
      dst[j] = v;
      energy += (double) v * v;
    }
    return energy;
  }

  /** The placed reference at nominal indices {@code [from, from + n)}, zeros where nothing played. */
  void copy(long from, float[] dst, int n) {
    java.util.Arrays.fill(dst, 0, n, 0f);
    for (Burst b : bursts) {
      long lo = Math.max(from, b.start);
      long hi = Math.min(from + n, b.end);
      for (long i = lo; i < hi; i++) {
        dst[(int) (i - from)] = ring[(int) (i & MASK)];
      }
    }
  }

  private void forgetBefore(long index) {
    while (bursts.size() > 1 && bursts.peekFirst().end < index) {
      bursts.pollFirst();
    }
  }
}
