package dev.voicebridge.audio;

import javax.sound.sampled.AudioFormat;

/** Signed 16-bit little-endian PCM at a sample rate and channel count: the only format speech out uses. */
public record PcmFormat(int sampleRate, int channels) {

  public PcmFormat {
    if (!isSupported(sampleRate, channels)) {
      throw new IllegalArgumentException("unsupported PCM format " + sampleRate + " Hz, " + channels + " channels");
    }
  }

  /** Whether speech out can play this rate and channel count (a stream's header may claim anything). */
  public static boolean isSupported(int sampleRate, int channels) {
    return sampleRate >= 1000 && sampleRate <= 192000 && channels >= 1 && channels <= 8;
  }

  public int frameBytes() {
    return 2 * channels;
  }

  public int bytesPerSecond() {
    return sampleRate * frameBytes();
  }

  /** Bytes of {@code millis} of audio, a whole number of frames (at least one). */
  public int bytesFor(int millis) {
    return Math.max(1, (int) ((long) sampleRate * millis / 1000)) * frameBytes();
  }

  public double millisOf(long bytes) {
    return bytes * 1000.0 / bytesPerSecond();
  }

  public AudioFormat toAudioFormat() {
    return new AudioFormat(sampleRate, 16, channels, true, false);
  }

  @Override
  public String toString() {
    return sampleRate + " Hz " + (channels == 1 ? "mono" : channels + " ch") + " s16le";
  }
}
