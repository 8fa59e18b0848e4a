package dev.voicebridge.cue;

import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.bus.SpeechOutMessages.Cue;

/**
 * The device's short sounds, generated (nothing to ship or license): soft sine notes with a touch of their
 * octave and a raised-cosine attack and release, so they start and end without a click. Each says one thing
 * and is told apart by its shape, not its loudness: {@link Cue#WAKE} rises, {@link Cue#ERROR} falls,
 * {@link Cue#THINKING} is one low, shorter, quieter note.
 */
public final class Earcons {

  private record Shape(double[] notesHz, int noteMs, int gapMs, double relativeDb) {
  }

  private static final int RAMP_MS = 8;

  private Earcons() {
  }

  private static Shape shape(Cue cue) {
    return switch (cue) {
      case WAKE -> new Shape(new double[] {660, 880}, 70, 25, 0);
      case THINKING -> new Shape(new double[] {440}, 90, 0, -6);
      case ERROR -> new Shape(new double[] {494, 349}, 110, 30, 0);
    };
  }

  /** How long {@code cue} plays. */
  public static int durationMs(Cue cue) {
    Shape s = shape(cue);
    return s.notesHz().length * s.noteMs() + (s.notesHz().length - 1) * s.gapMs();
  }

  /**
   * {@code cue} as PCM (signed 16-bit little-endian) in {@code format} — the speaker's, so playing it never
   * reopens the device — peaking {@code volumeDb} below full scale.
   */
  public static byte[] render(Cue cue, PcmFormat format, double volumeDb) {
    Shape s = shape(cue);
    int rate = format.sampleRate();
    int noteSamples = rate * s.noteMs() / 1000;
    int gapSamples = rate * s.gapMs() / 1000;
    int notes = s.notesHz().length;
    int total = notes * noteSamples + (notes - 1) * gapSamples;
    int ramp = Math.max(1, rate * RAMP_MS / 1000);
    double peak = 32767 * Math.pow(10, (volumeDb + s.relativeDb()) / 20);
    byte[] out = new byte[total * format.frameBytes()];
    int at = 0;
    for (int n = 0; n < notes; n++) {
      double step = 2 * Math.PI * s.notesHz()[n] / rate;
      for (int i = 0; i < noteSamples; i++, at++) {
        double envelope = i < ramp ? 0.5 - 0.5 * Math.cos(Math.PI * i / ramp)
            : i >= noteSamples - ramp ? 0.5 - 0.5 * Math.cos(Math.PI * (noteSamples - 1 - i) / ramp) : 1;
        // the octave makes a small speaker say it more clearly than a bare sine
        short v = (short) Math.round(peak * envelope * (0.85 * Math.sin(step * i) + 0.15 * Math.sin(2 * step * i)));
        for (int c = 0; c < format.channels(); c++) {
          int b = (at * format.channels() + c) * 2;
          out[b] = (byte) v;
          out[b + 1] = (byte) (v >> 8);
        }
      }
      if (n < notes - 1) {
        at += gapSamples;
      }
    }
    return out;
  }
}
