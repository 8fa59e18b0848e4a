package dev.voicebridge.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes a Whisper model file in whisper.cpp's ggml format with the real {@code tiny} architecture and
 * random weights. No Whisper weights can be fetched from the registries this project uses, so this is how
 * the Whisper path is exercised and measured honestly here: whisper.cpp loads it like the real tiny model
 * (same hyper-parameters, mel filter bank, vocabulary size and special-token layout, every tensor with its
 * real name, shape and type) and runs full inference on it — encoder, decoder, sampling — at the real
 * model's cost. Its transcripts are meaningless: for accuracy the project tests Vosk.
 *
 * <p>Layout (little-endian): magic "ggml"; 11 int32 hyper-parameters; the mel filters (n_mel, n_fft, then
 * n_mel x n_fft float32); the vocabulary (count, then length-prefixed byte strings); then tensors until the
 * end of the file, each as n_dims, name length, type (0 f32, 1 f16), the dimensions (fastest first), the
 * name and the raw data.
 */
public final class SyntheticWhisperModel {

  // whisper tiny (multilingual)
  static final int N_VOCAB = 51_865;
  static final int N_AUDIO_CTX = 1500;
  /**
   * The layer sizes: {@code TINY} is whisper tiny's (what the benchmark measures); {@code MINIATURE} has the
   * same file layout, vocabulary and audio context with one narrow layer, so that an emulated CPU (the aarch64
   * smoke test under qemu) loads the natives and runs a whole inference in seconds rather than minutes.
   */
  public enum Architecture {
    TINY(384, 6, 4), MINIATURE(64, 1, 1);

    final int nState;
    final int nHead;
    final int nLayer;

    Architecture(int nState, int nHead, int nLayer) {
      this.nState = nState;
      this.nHead = nHead;
      this.nLayer = nLayer;
    }
  }

  static final int N_TEXT_CTX = 448;
  static final int N_MELS = 80;
  static final int FTYPE_F16 = 1;
  /** Base tokens stored in the file; whisper.cpp adds the special tokens (end of text, languages, timestamps). */
  static final int FILE_TOKENS = 50_257;
  private static final int N_FFT_BINS = 201;
  private static final int TYPE_F32 = 0;
  private static final int TYPE_F16 = 1;

  private final long seed;
  private final int nState;
  private final int nHead;
  private final int nLayer;
  private long state;

  private SyntheticWhisperModel(long seed, Architecture a) {
    this.nState = a.nState;
    this.nHead = a.nHead;
    this.nLayer = a.nLayer;
    this.seed = seed;
    this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  /** Writes the tiny model to {@code file} (about 75 MB) and returns it. */
  public static Path write(Path file, long seed) throws IOException {
    return write(file, seed, Architecture.TINY);
  }

  /** Writes a model of architecture {@code a} to {@code file} and returns it. */
  public static Path write(Path file, long seed, Architecture a) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      new SyntheticWhisperModel(seed, a).writeTo(out);
    }
    return file;
  }

  private void writeTo(OutputStream out) throws IOException {
    ByteBuffer header = le(4 * 12);
    header.putInt(0x67676d6c);
    for (int v : new int[] {N_VOCAB, N_AUDIO_CTX, nState, nHead, nLayer, N_TEXT_CTX, nState, nHead, nLayer,
        N_MELS, FTYPE_F16}) {
      header.putInt(v);
    }
    out.write(header.array());
    writeMelFilters(out);
    writeVocabulary(out);
    writeTensors(out);
  }

  /** Slaney-style mel filter bank (librosa's default, which Whisper uses): 80 filters over a 400-point FFT at 16 kHz. */
  static float[][] melFilters() {
    double[] fftFreqs = new double[N_FFT_BINS];
    for (int k = 0; k < N_FFT_BINS; k++) {
      fftFreqs[k] = k * 16_000.0 / 400;
    }
    double melMin = hzToMel(0);
    double melMax = hzToMel(8_000);
    double[] points = new double[N_MELS + 2];
    for (int i = 0; i < points.length; i++) {
      points[i] = melToHz(melMin + (melMax - melMin) * i / (N_MELS + 1));
    }
    float[][] filters = new float[N_MELS][N_FFT_BINS];
    for (int m = 0; m < N_MELS; m++) {
      double lo = points[m];
      double center = points[m + 1];
      double hi = points[m + 2];
      double norm = 2.0 / (hi - lo);
      for (int k = 0; k < N_FFT_BINS; k++) {
        double rising = (fftFreqs[k] - lo) / (center - lo);
        double falling = (hi - fftFreqs[k]) / (hi - center);
        filters[m][k] = (float) (Math.max(0, Math.min(rising, falling)) * norm);
      }
    }
    return filters;
  }

  private static double hzToMel(double hz) {
    double fSp = 200.0 / 3;
    double minLogHz = 1000;
    double minLogMel = minLogHz / fSp;
    double logStep = Math.log(6.4) / 27;
    return hz < minLogHz ? hz / fSp : minLogMel + Math.log(hz / minLogHz) / logStep;
  }

  private static double melToHz(double mel) {
    double fSp = 200.0 / 3;
    double minLogHz = 1000;
    double minLogMel = minLogHz / fSp;
    double logStep = Math.log(6.4) / 27;
    return mel < minLogMel ? mel * fSp : minLogHz * Math.exp(logStep * (mel - minLogMel));
  }

  private void writeMelFilters(OutputStream out) throws IOException {
    float[][] filters = melFilters();
    ByteBuffer b = le(8 + 4 * N_MELS * N_FFT_BINS);
    b.putInt(N_MELS).putInt(N_FFT_BINS);
    for (float[] row : filters) {
      for (float v : row) {
        b.putFloat(v);
      }
    }
    out.write(b.array());
  }

  /**
   * A byte-level BPE-style vocabulary of the real size: the 256 single bytes, then word pieces (with and
   * without a leading space, as GPT-2 tokens have), the last base token being {@code <|endoftext|>}.
   */
  static Set<String> vocabulary() {
    Set<String> tokens = new LinkedHashSet<>();
    String[] pieces = ("a e i o u y th he in er an re on at en nd ti es or te of ed is it al ar st to nt ng se ha as "
        + "ou io le ve co me de hi ri ro ic ne ea ra ce li ch ll be ma si om ur ca el ta la ns di fo ho pe ec pr no ct "
        + "us ac ot il tr ly nc et ut ss so rs un lo wa ge ie wh ee wi em ad ol rt po we na ul ni ts mo ow pa im mi ai "
        + "sh ir su id os iv ia am fi ci vi pl ig tu ev ld ry mp fe bl ab gh ty op wo sa ay ex ke fr oo av ag if ap gr "
        + "od bo sp rd do uc bu ei ov by rm ep tt oc fa ef cu rn sc gi da yo cr cl du ga qu ue ff ba ey ls va um pp ua "
        + "up lu go ht ru ug ds lt pi rc rr eg au ck ew mu br bi pt ak pu ui rg ib tl ny ki rk ys ob mm fu ph og ms ye "
        + "ud mb ip ub oi rl gu dr hr cc tw ft wn nu af hu nn eo vo rv nf xp gn sm ok ya ka pm").split(" ");
    for (int b = 0; b < 256; b++) {
      tokens.add(new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1));
    }
    outer:
    for (int len = 1; len <= 4; len++) {
      int[] idx = new int[len];
      while (true) {
        StringBuilder sb = new StringBuilder();
        for (int i : idx) {
          sb.append(pieces[i]);
        }
        for (String t : new String[] {" " + sb, sb.toString()}) {
          tokens.add(t);
          if (tokens.size() == FILE_TOKENS - 1) {
            break outer;
          }
        }
        int p = len - 1;
        while (p >= 0 && ++idx[p] == pieces.length) {
          idx[p] = 0;
          p--;
        }
        if (p < 0) {
          break;
        }
      }
    }
    tokens.add("<|endoftext|>");
    return tokens;
  }

  private void writeVocabulary(OutputStream out) throws IOException {
    Set<String> tokens = vocabulary();
    ByteBuffer count = le(4);
    count.putInt(tokens.size());
    out.write(count.array());
    for (String t : tokens) {
      byte[] bytes = t.getBytes(StandardCharsets.ISO_8859_1);
      ByteBuffer len = le(4);
      len.putInt(bytes.length);
      out.write(len.array());
      out.write(bytes);
    }
  }

  private void writeTensors(OutputStream out) throws IOException {
    sinusoidal(out, "encoder.positional_embedding", nState, N_AUDIO_CTX);
    random(out, "encoder.conv1.weight", TYPE_F16, 3, N_MELS, nState);
    zeros(out, "encoder.conv1.bias", 1, nState);
    random(out, "encoder.conv2.weight", TYPE_F16, 3, nState, nState);
    zeros(out, "encoder.conv2.bias", 1, nState);
    for (int i = 0; i < nLayer; i++) {
      String p = "encoder.blocks." + i + ".";
      block(out, p, false);
    }
    ones(out, "encoder.ln_post.weight", nState);
    zeros(out, "encoder.ln_post.bias", nState);

    random(out, "decoder.positional_embedding", TYPE_F32, nState, N_TEXT_CTX);
    random(out, "decoder.token_embedding.weight", TYPE_F16, nState, N_VOCAB);
    for (int i = 0; i < nLayer; i++) {
      block(out, "decoder.blocks." + i + ".", true);
    }
    ones(out, "decoder.ln.weight", nState);
    zeros(out, "decoder.ln.bias", nState);
  }

  private void block(OutputStream out, String p, boolean cross) throws IOException {
    attention(out, p + "attn");
    ones(out, p + "attn_ln.weight", nState);
    zeros(out, p + "attn_ln.bias", nState);
    if (cross) {
      attention(out, p + "cross_attn");
      ones(out, p + "cross_attn_ln.weight", nState);
      zeros(out, p + "cross_attn_ln.bias", nState);
    }
    random(out, p + "mlp.0.weight", TYPE_F16, nState, 4 * nState);
    zeros(out, p + "mlp.0.bias", 4 * nState);
    random(out, p + "mlp.2.weight", TYPE_F16, 4 * nState, nState);
    zeros(out, p + "mlp.2.bias", nState);
    ones(out, p + "mlp_ln.weight", nState);
    zeros(out, p + "mlp_ln.bias", nState);
  }

  private void attention(OutputStream out, String p) throws IOException {
    random(out, p + ".query.weight", TYPE_F16, nState, nState);
    zeros(out, p + ".query.bias", nState);
    random(out, p + ".key.weight", TYPE_F16, nState, nState);
    random(out, p + ".value.weight", TYPE_F16, nState, nState);
    zeros(out, p + ".value.bias", nState);
    random(out, p + ".out.weight", TYPE_F16, nState, nState);
    zeros(out, p + ".out.bias", nState);
  }

  private interface Values {
    float at(long i);
  }

  private void random(OutputStream out, String name, int type, int... ne) throws IOException {
    tensor(out, name, type, i -> nextUniform() * 0.035f, ne); // uniform with the std. dev. of N(0, 0.02)
  }

  private void zeros(OutputStream out, String name, int... ne) throws IOException {
    tensor(out, name, TYPE_F32, i -> 0f, ne);
  }

  private void ones(OutputStream out, String name, int... ne) throws IOException {
    tensor(out, name, TYPE_F32, i -> 1f, ne);
  }

  /** The encoder's fixed positional embedding, as in Whisper: sines then cosines of geometric timescales. */
  private void sinusoidal(OutputStream out, String name, int channels, int length) throws IOException {
    int half = channels / 2;
    double increment = Math.log(10_000) / (half - 1);
    tensor(out, name, TYPE_F32, i -> {
      int pos = (int) (i / channels);
      int c = (int) (i % channels);
      double t = pos * Math.exp(-increment * (c % half));
      return (float) (c < half ? Math.sin(t) : Math.cos(t));
    }, channels, length);
  }

  private void tensor(OutputStream out, String name, int type, Values values, int... ne) throws IOException {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer h = le(12 + 4 * ne.length + nameBytes.length);
    h.putInt(ne.length).putInt(nameBytes.length).putInt(type);
    long count = 1;
    for (int n : ne) {
      h.putInt(n);
      count *= n;
    }
    h.put(nameBytes);
    out.write(h.array());
    int width = type == TYPE_F16 ? 2 : 4;
    ByteBuffer chunk = le(1 << 16);
    for (long i = 0; i < count; i++) {
      if (chunk.remaining() < width) {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
      }
      float v = values.at(i);
      if (type == TYPE_F16) {
        chunk.putShort(toHalf(v));
      } else {
        chunk.putFloat(v);
      }
    }
    out.write(chunk.array(), 0, chunk.position());
  }

  /** IEEE 754 half precision (round to nearest) of a float that is small, as weights are. */
  static short toHalf(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mantissa = bits & 0x7fffff;
    if (exp <= 0) {
      if (exp < -10) {
        return (short) sign;
      }
      mantissa = (mantissa | 0x800000) >> (1 - exp);
      return (short) (sign | ((mantissa + 0x1000) >> 13));
    }
    if (exp >= 31) {
      return (short) (sign | 0x7c00);
    }
    int half = sign | (exp << 10) | (mantissa >> 13);
    if ((mantissa & 0x1000) != 0) {
      half++; // round half up; a carry into the exponent is still correct
    }
    return (short) half;
  }

  /** Uniform in [-1, 1) from a xorshift generator: fast and the same for the same seed. */
  private float nextUniform() {
    state ^= state << 13;
    state ^= state >>> 7;
    state ^= state << 17;
    return ((state >>> 40) / (float) (1L << 24)) * 2f - 1f;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public String toString() {
    return "SyntheticWhisperModel[tiny, seed " + seed + "]";
  }
}
