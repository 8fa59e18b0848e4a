package dev.voicebridge.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Plays to a sound device through a javax.sound {@link SourceDataLine}: a named ALSA device, or the
 * system default where no sound server answers ({@link PulseSink} is used where one does). The line's
 * buffer is small ({@code bufferMs}, default 100 ms) so that a barge-in {@link #abort} silences the speaker at once: abort
 * flushes the line, and at most one buffer of audio was ever queued in it. The line keeps running through
 * an abort (flushing a running line drops what it holds; measured on PulseAudio: the monitor is silent
 * 1-2 ms later): a line that stops and starts again picks up with a latency of its own, and the echo
 * canceller's reference would have to find it again. A close (or a reopen) on another thread that cuts a
 * write short is not taken for the device going away: the write ends quietly, and a write after close
 * does nothing.
 */
public final class SpeakerSink extends PacedSink {

  private final String device;
  private final int bufferMs;
  private volatile SourceDataLine line;
  private volatile PcmFormat format;
  private volatile boolean running;
  private volatile long aborts;

  /** @param device a substring of the mixer's name or description; blank for the system default */
  public SpeakerSink(String device, int bufferMs) {
    super(bufferMs);
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
      // Time is kept by the pacer rather than read off the line: through ALSA's pulse plugin the line's
      // position is what the plugin handed on, not what was heard. (No flush when the device ran dry: that
      // plugin turns a flush into a new server stream, which may start seconds late.)
      PcmFormat f = format;
      pacer.beforeWrite(f == null ? 0 : (long) (f.millisOf(len) * 1_000_000));
      long abortsBefore = aborts;
      int written = l.write(pcm, off, len);
      if (written < len && aborts == abortsBefore) {
        if (!closeIfCurrent(l)) {
          return; // closed (or reopened) by another thread while it was written to: not a dead device
        }
        // Not a flush (barge-in) cutting the write short: the device went away (unplugged, its sound server
        // sink removed) and a dead line takes nothing, for ever. Closed, it is opened again at the next
        // sentence, so a device that comes back is used again.
        throw new AudioSinkException("the " + describe() + " stopped taking audio (unplugged?); trying it again "
            + "with the next sentence");
      }
      pacer.pace();
    }
  }

  @Override
  protected boolean playing() {
    return running;
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
    aborts++;
    SourceDataLine l = line;
    if (l != null) {
      l.flush();
    }
    pacer.emptied();
  }

  /** Closes {@code l} if it is still the line in use; false when another thread closed or replaced it. */
  private synchronized boolean closeIfCurrent(SourceDataLine l) {
    if (line != l) {
      return false;
    }
    close();
    return true;
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
