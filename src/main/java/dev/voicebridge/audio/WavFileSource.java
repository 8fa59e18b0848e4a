package dev.voicebridge.audio;

import java.nio.file.Path;

/** A WAV file as a capture source: decoded and converted to 16 kHz mono once, then served in blocks. */
public final class WavFileSource implements AudioSource {

  private final Path file;
  private final short[] samples;
  private final String format;
  private int position;

  public WavFileSource(Path file) {
    WavDecoder.Clip clip = WavDecoder.read(file);
    this.file = file;
    this.samples = clip.toPcm16k();
    this.format = clip.encoding() + ", " + clip.sampleRate() + " Hz, " + clip.channels() + " channel(s)";
  }

  @Override
  public String description() {
    return "file " + file + " (" + format + ", " + PcmSamples.samplesToMs(samples.length) + " ms)";
  }

  @Override
  public int read(short[] buf) {
    if (position >= samples.length) {
      return -1;
    }
    int n = Math.min(buf.length, samples.length - position);
    System.arraycopy(samples, position, buf, 0, n);
    position += n;
    return n;
  }

  @Override
  public boolean finite() {
    return true;
  }

  @Override
  public void close() {
    position = samples.length;
  }
}
