package dev.voicebridge.audio;

/**
 * Conversions between the bridge's internal audio form (16 kHz mono PCM16, {@code short} samples) and
 * bytes, floats and levels. The one sample rate everything downstream assumes is {@link #RATE}.
 */
public final class PcmSamples {

  /** Sample rate of every {@code audio.frame} and of every model input. */
  public static final int RATE = 16_000;
  public static final int SAMPLES_PER_MS = RATE / 1000;

  private PcmSamples() {
  }

  public static short[] fromLittleEndian(byte[] bytes, int off, int len) {
    short[] out = new short[len / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) ((bytes[off + 2 * i] & 0xff) | (bytes[off + 2 * i + 1] << 8));
    }
    return out;
  }

  public static byte[] toLittleEndian(short[] samples, int off, int len) {
    byte[] out = new byte[len * 2];
    for (int i = 0; i < len; i++) {
      short s = samples[off + i];
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }

  /**
   * Interleaved frames of {@code channels} samples averaged to mono (rounded toward zero); the array itself
   * when it is mono already.
   */
  static short[] toMono(short[] interleaved, int channels) {
    if (channels == 1) {
      return interleaved;
    }
    short[] mono = new short[interleaved.length / channels];
    for (int i = 0; i < mono.length; i++) {
      int sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += interleaved[i * channels + c];
      }
      mono[i] = (short) (sum / channels);
    }
    return mono;
  }

  /** Float in [-1, 1] to PCM16, clipping. */
  public static short toPcm16(float f) {
    float scaled = f * 32768f;
    if (scaled >= 32767f) {
      return 32767;
    }
    if (scaled <= -32768f) {
      return -32768;
    }
    return (short) Math.round(scaled);
  }

  public static short[] toPcm16(float[] in) {
    short[] out = new short[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = toPcm16(in[i]);
    }
    return out;
  }

  public static float[] toFloat(short[] in, int off, int len) {
    float[] out = new float[len];
    for (int i = 0; i < len; i++) {
      out[i] = in[off + i] / 32768f;
    }
    return out;
  }

  /** Root mean square of samples, 0..1 of full scale; 0 for none. */
  public static double rms(short[] s) {
    return rms(s, 0, s.length);
  }

  /** Root mean square of {@code s[off, off + len)}, 0..1 of full scale; 0 for none. */
  public static double rms(short[] s, int off, int len) {
    if (len <= 0) {
      return 0;
    }
    double sum = 0;
    for (int i = off; i < off + len; i++) {
      double v = s[i] / 32768.0;
      sum += v * v;
    }
    return Math.sqrt(sum / len);
  }

  /** Level of a block in dB relative to full scale (a full-scale square wave is 0 dBFS); -120 for silence. */
  public static double rmsDbfs(short[] s, int off, int len) {
    double rms = rms(s, off, len);
    return rms <= 1e-6 ? -120 : 20 * Math.log10(rms);
  }

  public static long samplesToMs(long samples) {
    return samples / SAMPLES_PER_MS;
  }

  public static long msToSamples(long ms) {
    return ms * SAMPLES_PER_MS;
  }
}
