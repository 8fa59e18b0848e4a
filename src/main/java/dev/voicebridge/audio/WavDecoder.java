package dev.voicebridge.audio;

import dev.voicebridge.base.BridgeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a RIFF/WAVE file of any sample rate and channel count, PCM 8/16/24/32-bit or IEEE float 32/64-bit
 * (plain or WAVE_FORMAT_EXTENSIBLE), into mono floats. A file that is not such a WAV gives one
 * {@link BridgeException} saying what it is instead. A data chunk shorter than its header claims (a
 * recording that was cut off, or a streaming writer's placeholder size) is read as far as it goes.
 */
public final class WavDecoder {

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final String SUPPORTED = "supported: PCM 8/16/24/32-bit and IEEE float 32/64-bit";

  /** A decoded clip: the file's rate and channel count, and its samples downmixed to mono in [-1, 1]. */
  public record Clip(int sampleRate, int channels, String encoding, float[] mono) {
    public long durationMs() {
      return mono.length * 1000L / sampleRate;
    }

    /** The clip at 16 kHz as PCM16: the bridge's internal form. */
    public short[] toPcm16k() {
      return PcmSamples.toPcm16(Resampler.convert(mono, sampleRate, PcmSamples.RATE));
    }
  }

  private WavDecoder() {
  }

  /** Reads a WAV file and converts it to 16 kHz mono PCM16. */
  public static short[] readPcm16k(Path file) {
    return read(file).toPcm16k();
  }

  public static Clip read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BridgeException("no such file: " + file);
    } catch (IOException e) {
      throw new BridgeException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return decode(bytes, file.toString());
  }

  public static Clip decode(byte[] bytes, String name) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    WavHeader h;
    try {
      h = WavHeader.read(new java.io.ByteArrayInputStream(bytes), name);
    } catch (IOException e) {
      throw new BridgeException(e.getMessage(), e);
    }
    int format = h.format();
    int channels = h.channels();
    int rate = h.sampleRate();
    int bits = h.bits();
    int blockAlign = h.blockAlign();
    int dataStart = (int) h.dataOffset();
    int dataLength = (int) Math.min(h.dataLength(), bytes.length - h.dataOffset());
    if (channels < 1 || rate < 1000 || rate > 384_000) {
      throw new BridgeException(name + " has an unusable format: " + channels + " channel(s) at " + rate + " Hz");
    }
    String encoding = encoding(format, bits, name);
    int bytesPerSample = bits / 8;
    int frameBytes = Math.max(blockAlign, bytesPerSample * channels);
    int frames = dataLength / frameBytes;
    if (frames == 0) {
      throw new BridgeException(name + " has no audio samples");
    }
    float[] mono = new float[frames];
    for (int f = 0; f < frames; f++) {
      double sum = 0;
      int base = dataStart + f * frameBytes;
      for (int c = 0; c < channels; c++) {
        sum += sample(b, base + c * bytesPerSample, format, bits);
      }
      mono[f] = (float) (sum / channels);
    }
    return new Clip(rate, channels, encoding, mono);
  }

  private static String encoding(int format, int bits, String name) {
    if (format == FORMAT_PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32)) {
      return "PCM " + bits + "-bit";
    }
    if (format == FORMAT_FLOAT && (bits == 32 || bits == 64)) {
      return "float " + bits + "-bit";
    }
    String what = switch (format) {
      case FORMAT_PCM -> bits + "-bit PCM";
      case FORMAT_FLOAT -> bits + "-bit float";
      case 2 -> "Microsoft ADPCM";
      case 6 -> "A-law";
      case 7 -> "mu-law";
      case 0x11 -> "IMA ADPCM";
      case 0x55 -> "MPEG layer 3";
      default -> String.format("format 0x%04X", format);
    };
    throw new BridgeException(name + " uses an unsupported WAV encoding (" + what + "); " + SUPPORTED);
  }

  private static double sample(ByteBuffer b, int at, int format, int bits) {
    if (format == FORMAT_FLOAT) {
      double v = bits == 32 ? b.getFloat(at) : b.getDouble(at);
      return Double.isFinite(v) ? Math.max(-1, Math.min(1, v)) : 0;
    }
    return switch (bits) {
      case 8 -> ((b.get(at) & 0xff) - 128) / 128.0;
      case 16 -> b.getShort(at) / 32768.0;
      case 24 -> ((b.get(at) & 0xff) | ((b.get(at + 1) & 0xff) << 8) | (b.get(at + 2) << 16)) / 8388608.0;
      default -> b.getInt(at) / 2147483648.0;
    };
  }
}
