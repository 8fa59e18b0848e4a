package dev.voicebridge.listen.echo;

import dev.voicebridge.audio.PcmSamples;
import java.util.ArrayDeque;

/**
 * Where "now" is on the capture timeline: maps {@link System#nanoTime()} to the index of the microphone
 * sample captured at that moment, so that what the speaker plays can be placed beside what the microphone
 * hears. Each frame says when its last sample was read; reads are never early, only late (a busy thread, a
 * device that delivers in bursts), so the earliest reading over the last few seconds is the best estimate
 * of the offset between the two clocks. What it misses (the device's own input latency) is part of the
 * echo path's latency, which {@link EchoPath} measures.
 *
 * <p>The estimate is only worth using once it has {@link #settled()}: the first frames of a stream are
 * often a backlog read in a rush (a pipe or a device that filled before the bridge read it), each read
 * later than the one before relative to its samples, so the minimum keeps falling until the reader has
 * caught up. A playback burst placed on the timeline in that time lands as far off as the backlog was
 * long, and stays there, since a burst's blocks follow each other seamlessly (measured in the duplex
 * benchmark: the speaker stream opened at start-up was placed 42-270 ms early, and its echo went
 * uncancelled until the lag search found it, past the first barge-in).
 */
final class CaptureClock {

  private static final double NANOS_PER_SAMPLE = 1e9 / PcmSamples.RATE;
  private static final long WINDOW_SAMPLES = PcmSamples.msToSamples(5000);
  /** The estimate settles once it has not moved by more than {@link #STEADY_NANOS} for this long. */
  static final long SETTLE_SAMPLES = PcmSamples.msToSamples(500);
  private static final long STEADY_NANOS = 1_000_000;

  /** (end index, offset) pairs with increasing offsets: the front is the minimum over the window. */
  private final ArrayDeque<long[]> minimum = new ArrayDeque<>();
  /** The estimate's offset when it last moved, and the sample index then. */
  private long steadyOffset = Long.MIN_VALUE;
  private long steadySince;
  private boolean settled;

  /** A frame ending at sample {@code endIndex} was read at {@code readNanos}. */
  void frame(long endIndex, long readNanos) {
    long offset = readNanos - Math.round(endIndex * NANOS_PER_SAMPLE);
    while (!minimum.isEmpty() && minimum.peekLast()[1] >= offset) {
      minimum.pollLast();
    }
    minimum.addLast(new long[] {endIndex, offset});
    while (minimum.peekFirst()[0] < endIndex - WINDOW_SAMPLES) {
      minimum.pollFirst();
    }
    if (!settled) {
      long now = minimum.peekFirst()[1];
      if (steadyOffset == Long.MIN_VALUE || Math.abs(now - steadyOffset) > STEADY_NANOS) {
        steadyOffset = now;
        steadySince = endIndex;
      } else if (endIndex - steadySince >= SETTLE_SAMPLES) {
        settled = true; // for good: later moves are the devices' drift, which the echo path follows
      }
    }
  }

  /** Whether the estimate has stopped moving (see the class comment); it stays so. */
  boolean settled() {
    return settled;
  }

  /** The capture index at {@code nanos} (may lie in the future). */
  long index(long nanos) {
    if (minimum.isEmpty()) {
      return 0;
    }
    return Math.round((nanos - minimum.peekFirst()[1]) / NANOS_PER_SAMPLE);
  }
}
