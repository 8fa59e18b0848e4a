package dev.voicebridge.audio;

import java.util.concurrent.locks.LockSupport;

/**
 * Plays to nowhere. With {@code realTime} it takes as long as the audio lasts, like a device would, so
 * that tts.started / tts.finished and barge-in behave as with a speaker (a bridge without a sound card
 * still mutes its echo window correctly); without it, audio is discarded at once.
 */
public final class NullSink implements AudioSink {

  private static final long STEP_NANOS = 2_000_000;
  /**
   * The queue of the modelled device: a write returns once what is queued is under this, as a sound card's
   * write returns while its buffer has room. A sink that blocked until each write had played would have no
   * queue at all, and a player that keeps a device's queue topped up with silence would then never stop.
   */
  static final long QUEUE_NANOS = 40_000_000;
  /** A write this late after the last one played out means the modelled device ran dry in between. */
  private static final long DRY_NANOS = 5_000_000;

  private final boolean realTime;
  private volatile boolean aborted;
  private PcmFormat format;
  private long playedUntil;
  private long bytes;
  private volatile boolean dry = true;

  public NullSink(boolean realTime) {
    this.realTime = realTime;
  }

  @Override
  public String describe() {
    return realTime ? "null sink (real time)" : "null sink";
  }

  @Override
  public void begin(PcmFormat wanted) {
    format = wanted;
    aborted = false;
    playedUntil = Math.max(playedUntil, System.nanoTime());
  }

  @Override
  public void write(byte[] pcm, int off, int len) {
    if (aborted) {
      return;
    }
    bytes += len;
    if (realTime && format != null) {
      long now = System.nanoTime();
      dry = now > playedUntil + DRY_NANOS;
      playedUntil = Math.max(playedUntil, now) + (long) (format.millisOf(len) * 1_000_000);
      waitUntil(playedUntil - QUEUE_NANOS);
    }
  }

  @Override
  public long bufferedNanos() {
    return realTime ? Math.max(0, playedUntil - System.nanoTime()) : 0;
  }

  @Override
  public boolean realTime() {
    return realTime;
  }

  @Override
  public boolean ranDry() {
    return dry;
  }

  @Override
  public void drain() {
    waitUntil(playedUntil);
  }

  private void waitUntil(long deadline) {
    long now;
    while (!aborted && (now = System.nanoTime()) < deadline) {
      LockSupport.parkNanos(Math.min(STEP_NANOS, deadline - now));
    }
  }

  @Override
  public void abort() {
    aborted = true;
    playedUntil = 0;
  }

  @Override
  public void close() {
    aborted = true;
  }

  /** PCM bytes accepted so far. */
  public long bytes() {
    return bytes;
  }
}
