package dev.voicebridge.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays to a sound device through a javax.sound {@link SourceDataLine}. The line's buffer is small
 * ({@code bufferMs}, default 40 ms) so that a barge-in {@link #abort} silences the speaker at once: abort
 * stops and flushes the line, and at most one buffer of audio was ever queued in it.
 */
public final class SpeakerSink implements AudioSink {

  private final String device;
  private final int bufferMs;
  private volatile SourceDataLine line;
  private PcmFormat format;
  private volatile boolean running;

  /** @param device a substring of the mixer's name or description; blank for the system default */
  public SpeakerSink(String device, int bufferMs) {
    this.device = device == null ? "" : device;
    this.bufferMs = bufferMs;
  }

  @Override
  public String describe() {
    return "speaker " + (device.isBlank() ? "(system default)" : "'" + device + "'");
  }

  @Override
  public synchronized void begin(PcmFormat wanted) {
    if (line != null && !wanted.equals(format)) {
      line.close();
      line = null;
    }
    if (line == null) {
      line = open(wanted);
      format = wanted;
    }
    if (!running) {
      line.start();
      running = true;
    }
  }

  private SourceDataLine open(PcmFormat wanted) {
    AudioFormat af = wanted.toAudioFormat();
    try {
      SourceDataLine l;
      if (device.isBlank()) {
        l = AudioSystem.getSourceDataLine(af);
      } else {
        Mixer.Info mixer = SoundDevices.PLAYBACK.find(device).orElseThrow(() -> new AudioSinkException(
            "no audio output device matches '" + device + "' (available: " + SoundDevices.PLAYBACK.describeAvailable()
                + "); set audio.output.device to one of them"));
        l = AudioSystem.getSourceDataLine(af, mixer);
      }
      l.open(af, wanted.bytesFor(bufferMs));
      return l;
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new AudioSinkException("cannot open the " + describe() + " for " + wanted + ": " + e.getMessage()
          + " (available output devices: " + SoundDevices.PLAYBACK.describeAvailable()
          + "); set audio.output.device, or audio.output.sink to wav or null", e);
    }
  }

  @Override
  public void write(byte[] pcm, int off, int len) {
    SourceDataLine l = line;
    if (l != null && running) {
      l.write(pcm, off, len);
    }
  }

  @Override
  public void drain() {
    SourceDataLine l = line;
    if (l != null && running) {
      l.drain();
    }
  }

  @Override
  public void abort() {
    running = false;
    SourceDataLine l = line;
    if (l != null) {
      l.stop();
      l.flush();
    }
  }

  @Override
  public synchronized void close() {
    running = false;
    if (line != null) {
      line.stop();
      line.flush();
      line.close();
      line = null;
    }
  }
}
