package dev.voicebridge.audio;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a real-time sink's own account of when what was written will have played, and paces the writer
 * to it: never more than {@code aheadMs} ahead of real time. A sound server (PulseAudio, PipeWire) lets a
 * client fill a buffer of its own that grows to seconds when fed faster than it plays; paced, the speaker's
 * latency stays short and steady, a barge-in has little to throw away, and the echo canceller's reference
 * ({@link TappedSink}) can say when each sample is heard. Whether the device ran dry is judged by the
 * same account: the writer came back after everything written had played.
 */
final class PlaybackPacer {

  /** Lateness beyond which the speaker is taken to have played silence of its own. */
  private static final long DRY_NANOS = 10_000_000;

  private final long aheadNanos;
  private volatile long playedUntil;
  private volatile boolean dry = true;

  PlaybackPacer(int aheadMs) {
    this.aheadNanos = aheadMs * 1_000_000L;
  }

  /** Before writing {@code nanos} of audio: accounts for it, and tells whether the device had run dry. */
  boolean beforeWrite(long nanos) {
    long now = System.nanoTime();
    dry = now > playedUntil + DRY_NANOS;
    playedUntil = Math.max(playedUntil, now) + nanos;
    return dry;
  }

  /** After writing: waits while the account is more than the allowed lead ahead of real time. */
  void pace() {
    long ahead = playedUntil - System.nanoTime() - aheadNanos;
    if (ahead > 0) {
      LockSupport.parkNanos(ahead);
    }
  }

  /** What was written and not yet played, by the account. */
  long bufferedNanos() {
    return Math.max(0, playedUntil - System.nanoTime());
  }

  boolean ranDry() {
    return dry;
  }

  /** The queue was thrown away (a barge-in): nothing is left to play. */
  void emptied() {
    playedUntil = System.nanoTime();
  }
}
