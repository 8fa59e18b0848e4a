package dev.voicebridge.audio;

import java.util.List;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * A microphone through javax.sound's TargetDataLine. It asks for 16 kHz mono PCM16 first (no conversion);
 * devices that only offer 44.1/48 kHz or stereo are opened at what they support and converted here.
 */
public final class MicrophoneSource implements AudioSource {

  /** Formats tried in order: the bridge's own, then what common hardware offers. */
  private static final List<AudioFormat> PREFERRED = List.of(
      new AudioFormat(16_000f, 16, 1, true, false),
      new AudioFormat(48_000f, 16, 1, true, false),
      new AudioFormat(44_100f, 16, 1, true, false),
      new AudioFormat(48_000f, 16, 2, true, false),
      new AudioFormat(44_100f, 16, 2, true, false));

  /** Thrown when no capture line opens; the message lists the devices there are. */
  public static final class Unavailable extends Exception {
    public Unavailable(String message) {
      super(message);
    }
  }

  private final TargetDataLine line;
  private final String mixerName;
  private final AudioFormat format;
  private final Resampler resampler;
  private byte[] raw = new byte[0];
  private short[] pending = new short[0];
  private int pendingPos;

  private MicrophoneSource(TargetDataLine line, String mixerName) {
    this.line = line;
    this.mixerName = mixerName;
    this.format = line.getFormat();
    this.resampler = new Resampler((int) format.getSampleRate(), PcmSamples.RATE);
  }

  /**
   * Opens the device whose name contains {@code device} (empty = the system default) with a buffer of
   * about {@code bufferMs}.
   */
  public static MicrophoneSource open(String device, int bufferMs) throws Unavailable {
    Mixer.Info mixer = null;
    if (!device.isBlank()) {
      Optional<Mixer.Info> found = SoundDevices.CAPTURE.find(device);
      if (found.isEmpty()) {
        throw new Unavailable("no capture device matches audio.input.device='" + device + "'; available: "
            + SoundDevices.CAPTURE.describeAvailable());
      }
      mixer = found.get();
    }
    String firstError = null;
    for (AudioFormat f : PREFERRED) {
      try {
        TargetDataLine line = mixer == null ? AudioSystem.getTargetDataLine(f) : AudioSystem.getTargetDataLine(f, mixer);
        int bytes = (int) (f.getFrameRate() * f.getFrameSize() * bufferMs / 1000);
        line.open(f, Math.max(bytes, f.getFrameSize() * 256));
        line.start();
        return new MicrophoneSource(line, mixer == null ? "system default" : mixer.getName());
      } catch (IllegalArgumentException | LineUnavailableException | SecurityException e) {
        if (firstError == null) {
          firstError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
      }
    }
    throw new Unavailable("no audio capture device could be opened" + (device.isBlank() ? "" : " ('" + device + "')")
 + " (" + firstError + "); available capture devices: " + SoundDevices.CAPTURE.describeAvailable());
  }

  @Override
  public String description() {
    return "microphone " + mixerName + " (" + (int) format.getSampleRate() + " Hz, " + format.getChannels()
        + " channel(s))";
  }

  @Override
  public int read(short[] buf) {
    if (pendingPos >= pending.length) {
      pending = readConverted(buf.length);
      pendingPos = 0;
      if (pending == null) {
        pending = new short[0];
        return -1;
      }
    }
    int copied = Math.min(buf.length, pending.length - pendingPos);
    System.arraycopy(pending, pendingPos, buf, 0, copied);
    pendingPos += copied;
    return copied;
  }

  /** About {@code samples} samples at 16 kHz mono from the line; null when the line has closed. */
  private short[] readConverted(int samples) {
    int channels = format.getChannels();
    double ratio = format.getSampleRate() / PcmSamples.RATE;
    int frames = Math.max(1, (int) (samples * ratio));
    int need = frames * format.getFrameSize();
    if (raw.length != need) {
      raw = new byte[need];
    }
    int n = line.read(raw, 0, need);
    if (n <= 0) {
      return line.isOpen() ? new short[0] : null;
    }
    short[] interleaved = PcmSamples.fromLittleEndian(raw, 0, n - n % format.getFrameSize());
    return resampler.process(PcmSamples.toMono(interleaved, channels));
  }

  @Override
  public boolean finite() {
    return false;
  }

  @Override
  public void close() {
    line.stop();
    line.close();
  }
}
