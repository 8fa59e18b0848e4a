package dev.voicebridge.listen.echo;

/**
 * No cancellation (libspeexdsp missing, or {@code aec.enabled} false): the microphone signal goes on as it
 * is. The residual-echo estimate still runs on it, so barge-in still tells a user who is clearly louder
 * than the speaker's echo from the echo itself — the level guard, aware of what is playing.
 */
final class PassThroughCanceller implements EchoCanceller {

  private final int frameSamples;

  PassThroughCanceller(int frameSamples) {
    this.frameSamples = frameSamples;
  }

  @Override
  public String name() {
    return "none";
  }

  @Override
  public int frameSamples() {
    return frameSamples;
  }

  @Override
  public int delaySamples() {
    return 0;
  }

  @Override
  public void cancel(short[] mic, short[] reference, short[] out) {
    System.arraycopy(mic, 0, out, 0, frameSamples);
  }

  @Override
  public void reset() {
  }

  @Override
  public void close() {
  }
}
