package dev.voicebridge.audio;

/**
 * A sink that plays into a sound device in real time and keeps its own account of what is still queued
 * there ({@link PlaybackPacer}): the speaker through javax.sound or through the sound server's own stream.
 */
abstract class PacedSink implements AudioSink {

  protected final PlaybackPacer pacer;

  PacedSink(int bufferMs) {
    this.pacer = new PlaybackPacer(bufferMs);
  }

  /** Whether the device is open and playing (what is queued counts only then). */
  protected abstract boolean playing();

  @Override
  public final long bufferedNanos() {
    return playing() ? pacer.bufferedNanos() : 0;
  }

  @Override
  public final boolean realTime() {
    return true;
  }

  @Override
  public final boolean ranDry() {
    return pacer.ranDry();
  }
}
