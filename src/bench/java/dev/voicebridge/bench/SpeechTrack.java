package dev.voicebridge.bench;

import dev.voicebridge.audio.PcmSamples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A test or benchmark recording assembled from silence and synthetic speech, remembering where each spoken
 * part starts and ends (the ground truth for wake-word timing, endpointing and transcription), with
 * optional background noise mixed in. 16 kHz mono PCM16.
 */
public final class SpeechTrack {

  /** One spoken part: its text and its sample range in the track. */
  public record Part(String text, long startSample, long endSample) {
    public long startMs() {
      return PcmSamples.samplesToMs(startSample);
    }

    public long endMs() {
      return PcmSamples.samplesToMs(endSample);
    }
  }

  private short[] samples = new short[0];
  private final List<Part> parts = new ArrayList<>();

  public SpeechTrack silence(int ms) {
    samples = Arrays.copyOf(samples, samples.length + (int) PcmSamples.msToSamples(ms));
    return this;
  }

  public SpeechTrack say(String text, String voice, int wpm, int pitch) {
    return append(text, SpeechSynth.speak(text, voice, wpm, pitch));
  }

  public SpeechTrack say(String text) {
    return say(text, "en-us", 160, 50);
  }

  /** Appends already-synthesised speech. */
  public SpeechTrack append(String text, short[] speech) {
    int at = samples.length;
    samples = Arrays.copyOf(samples, at + speech.length);
    System.arraycopy(speech, 0, samples, at, speech.length);
    parts.add(new Part(text, at, at + speech.length));
    return this;
  }

  /** Scales the whole track by {@code db} (negative = quieter). */
  public SpeechTrack gain(double db) {
    double g = Math.pow(10, db / 20);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * g)));
    }
    return this;
  }

  /** Mixes in white noise at {@code dbfs} RMS (seeded: the same track every run). */
  public SpeechTrack noise(double dbfs, long seed) {
    Random r = new Random(seed);
    double rms = Math.pow(10, dbfs / 20) * 32768;
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i] + r.nextGaussian() * rms)));
    }
    return this;
  }

  public short[] samples() {
    return samples.clone();
  }

  public List<Part> parts() {
    return List.copyOf(parts);
  }

  public long durationMs() {
    return PcmSamples.samplesToMs(samples.length);
  }

  public Path writeWav(Path file) throws IOException {
    byte[] bytes = PcmSamples.toLittleEndian(samples, 0, samples.length);
    AudioFormat format = new AudioFormat(PcmSamples.RATE, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), format, samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }
}
