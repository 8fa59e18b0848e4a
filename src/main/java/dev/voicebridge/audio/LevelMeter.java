package dev.voicebridge.audio;

import dev.voicebridge.bus.DeviceMessages.AudioLevel;

/**
 * The microphone's loudness over windows of about a tenth of a second, for a level meter: RMS and peak in
 * dBFS. A number per window and never the audio — what a page may show without the room leaving the device.
 */
final class LevelMeter {

  /** What digital silence reads as: a finite floor, so JSON and meters need no special case. */
  static final double FLOOR_DB = -120.0;

  private final int windowSamples;
  private double sumSquares;
  private int peak;
  private int counted;

  /** @param windowMs how much audio one reading covers (rounded to whole samples at 16 kHz) */
  LevelMeter(int windowMs) {
    if (windowMs < 1) {
      throw new IllegalArgumentException("windowMs must be at least 1: " + windowMs);
    }
    this.windowSamples = windowMs * PcmSamples.SAMPLES_PER_MS;
  }

  /** Adds {@code count} samples; returns a reading when a window is complete, else null. */
  AudioLevel add(short[] samples, int count, boolean muted) {
    for (int i = 0; i < count; i++) {
      int v = samples[i];
      sumSquares += (double) v * v;
      peak = Math.max(peak, Math.abs(v));
    }
    counted += count;
    if (counted < windowSamples) {
      return null;
    }
    AudioLevel level = new AudioLevel(db(Math.sqrt(sumSquares / counted)), db(peak),
        counted / PcmSamples.SAMPLES_PER_MS, muted);
    sumSquares = 0;
    peak = 0;
    counted = 0;
    return level;
  }

  /** An amplitude of 16-bit PCM in dB relative to full scale, rounded to 0.1 dB, never below the floor. */
  static double db(double amplitude) {
    if (amplitude <= 0) {
      return FLOOR_DB;
    }
    double db = 20 * Math.log10(amplitude / 32768.0);
    return Math.max(FLOOR_DB, Math.round(db * 10) / 10.0);
  }
}
