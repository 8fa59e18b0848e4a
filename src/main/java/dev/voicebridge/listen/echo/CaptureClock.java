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
 */
final class CaptureClock {

  private static final double NANOS_PER_SAMPLE = 1e9 / PcmSamples.RATE;
  private static final long WINDOW_SAMPLES = PcmSamples.msToSamples(5000);

  /** (end index, offset) pairs with increasing offsets: the front is the minimum over the window. */
  private final ArrayDeque<long[]> minimum = new ArrayDeque<>();

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
  }

  boolean known() {
    return !minimum.isEmpty();
  }

  /** The capture index at {@code nanos} (may lie in the future). */
  long index(long nanos) {
    if (minimum.isEmpty()) {
      return 0;
    }
    return Math.round((nanos - minimum.peekFirst()[1]) / NANOS_PER_SAMPLE);
  }
}
