package dev.voicebridge.listen.echo;

import dev.voicebridge.audio.PcmSamples;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * What the speaker played, laid out on the capture timeline (index = the microphone sample captured while
 * it played), burst by burst. A burst is a stretch of continuous playback: blocks that follow each other
 * are placed end to end (a single timestamp jitters; the device plays without gaps), and a block after the
 * device ran dry starts a new one at its timestamp. A cut (barge-in) ends the burst where the speaker
 * went silent.
 *
 * <p>The device may also run dry without the writer noticing: the sound server underruns when the player
 * thread is late on a busy machine and plays silence of its own, and everything after is heard that much
 * later (measured on the CI's null sink, during the keep-alive silence between sentences: steps of 4-24
 * ms that the block timestamps showed within 80 ms, while the echo was found moved only seconds later,
 * when the next sentence had played uncancelled — or, cancelled against a misplaced reference, with echo
 * added). So each burst keeps the timestamps' offset from where seamless placement put its blocks:
 * when {@value #STEP_BLOCKS} blocks in a row agree (within {@link #STEP_SPREAD}) on an offset more than
 * {@link #STEP_SAMPLES} away from the one the burst settled on, the device has moved, and the rest of the
 * burst (from the first of those blocks) is a new burst at the position they agree on. A slow slide of the
 * offset (the clocks' drift) only moves what the burst settled on.
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
  /** Blocks in a row whose timestamps must agree on a new offset before the device is taken to have moved. */
  static final int STEP_BLOCKS = 8;
  /** How far from the burst's settled offset they must agree to be (the smallest step measured was 4 ms). */
  static final long STEP_SAMPLES = PcmSamples.msToSamples(3);
  /** How closely they must agree with each other (a lone late timestamp is off by up to tens of ms). */
  static final long STEP_SPREAD = PcmSamples.msToSamples(1);

  /** What placing a block did. */
  enum Placement {
    /** It followed the open burst seamlessly. */
    CONTINUED,
    /** It started a new burst: the device ran dry, was cut, or it is the first. */
    NEW_BURST,
    /** Its timestamps and those of the blocks before it say the device moved: a new burst from them on. */
    MOVED
  }

  private static final class Burst {
    final long start;
    long end;
    /** Timestamp minus seamless position of the last {@link #STEP_BLOCKS} blocks, and where each was placed. */
    final long[] offsets = new long[STEP_BLOCKS];
    final long[] placedAt = new long[STEP_BLOCKS];
    int blocks;
    /** The offset the timestamps agree on while the device plays steadily; unknown until they first agree. */
    long settled;
    boolean settledKnown;

    Burst(long start) {
      this.start = start;
      this.end = start;
    }

    void remember(long offset, long at) {
      offsets[blocks % STEP_BLOCKS] = offset;
      placedAt[blocks % STEP_BLOCKS] = at;
      blocks++;
    }

    /** Where the oldest remembered block was placed. */
    long oldestPlaced() {
      return placedAt[blocks % STEP_BLOCKS];
    }
  }

  private final float[] ring = new float[CAPACITY];
  private final ArrayDeque<Burst> bursts = new ArrayDeque<>();
  private Burst open;
  private long lastMove;
  private long lastMovedBurst;

  /**
   * Places {@code pcm}, which plays from nominal index {@code at}. {@code gap}: the device ran dry before
   * it: a new burst. Otherwise the block follows the open burst seamlessly, and its timestamp only counts
   * when it is grossly off, or when it and the blocks before it agree that the device moved.
   */
  Placement place(short[] pcm, long at, boolean gap) {
    Placement placement = Placement.CONTINUED;
    if (open == null || gap || Math.abs(at - open.end) > SANITY_SAMPLES) {
      startBurst(at);
      placement = Placement.NEW_BURST;
    } else {
      open.remember(at - open.end, open.end);
      OptionalLong moved = moved(open);
      if (moved.isPresent()) {
        lastMove = moved.getAsLong();
        lastMovedBurst = open.start;
        long from = open.oldestPlaced();
        float[] recent = new float[(int) (open.end - from)];
        for (int i = 0; i < recent.length; i++) {
          recent[i] = ring[(int) ((from + i) & MASK)];
        }
        open.end = from;
        startBurst(from + lastMove);
        for (float v : recent) {
          ring[(int) (open.end++ & MASK)] = v;
        }
        placement = Placement.MOVED;
      }
    }
    long from = open.end;
    for (int i = 0; i < pcm.length; i++) {
      ring[(int) ((from + i) & MASK)] = pcm[i];
    }
    open.end = from + pcm.length;
    forgetBefore(open.end - CAPACITY + PcmSamples.msToSamples(500));
    return placement;
  }

  /** How far the device moved (samples) by the last {@link Placement#MOVED} placement. */
  long lastMove() {
    return lastMove;
  }

  /** Where the burst that the last {@link Placement#MOVED} placement continues started. */
  long lastMovedBurst() {
    return lastMovedBurst;
  }

  private void startBurst(long at) {
    // A new burst supersedes whatever an earlier one claimed to play from its start on.
    while (!bursts.isEmpty() && bursts.peekLast().start >= at) {
      bursts.pollLast();
    }
    if (!bursts.isEmpty() && bursts.peekLast().end > at) {
      bursts.peekLast().end = at;
    }
    open = new Burst(at);
    bursts.addLast(open);
  }

  /**
   * When the last {@value #STEP_BLOCKS} blocks of {@code b} agree on an offset: how far it is from the one
   * the burst settled on if that is a step, else empty (and the settled offset follows a slow slide).
   */
  private static OptionalLong moved(Burst b) {
    if (b.blocks < STEP_BLOCKS) {
      return OptionalLong.empty();
    }
    long[] sorted = b.offsets.clone();
    Arrays.sort(sorted);
    if (sorted[STEP_BLOCKS - 1] - sorted[0] > STEP_SPREAD) {
      return OptionalLong.empty();
    }
    long agreed = sorted[STEP_BLOCKS / 2];
    if (b.settledKnown && Math.abs(agreed - b.settled) > STEP_SAMPLES) {
      return OptionalLong.of(agreed - b.settled);
    }
    b.settled = agreed;
    b.settledKnown = true;
    return OptionalLong.empty();
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
