package dev.voicebridge.audio;

/**
 * A real-time sink that also reports what it plays and when: every block written to the device is handed
 * to a {@link Tap} as 16 kHz mono PCM with the time its first sample reaches the speaker, and every abort
 * as the moment the speaker went silent. The echo canceller needs exactly this: the signal the microphone
 * will hear back, and when. Called on the player thread (writes) and any thread (abort), like the sink.
 */
public final class TappedSink implements AudioSink {

  /** Receives the reference; must not block (it runs on the player thread). */
  public interface Tap {
    /** {@code gap}: the device ran dry before this block (it does not follow the previous one seamlessly). */
    void played(short[] pcm16k, long playAtNanos, boolean gap);

    void cut(long atNanos);
  }

  private final AudioSink sink;
  private final Tap tap;
  private volatile PcmFormat format;
  private Resampler resampler;
  /** Input frames (at the engine's rate) given to the resampler since it started, and outputs it produced. */
  private long inFrames;
  private long outSamples;

  public TappedSink(AudioSink sink, Tap tap) {
    this.sink = sink;
    this.tap = tap;
  }

  @Override
  public String describe() {
    return sink.describe();
  }

  @Override
  public void begin(PcmFormat wanted) {
    sink.begin(wanted);
    if (!wanted.equals(format)) {
      format = wanted;
      restartResampler();
    }
  }

  private synchronized void restartResampler() {
    resampler = format == null ? null : new Resampler(format.sampleRate(), PcmSamples.RATE);
    inFrames = 0;
    outSamples = 0;
  }

  @Override
  public void write(byte[] pcm, int off, int len) {
    sink.write(pcm, off, len);
    long now = System.nanoTime();
    PcmFormat f = format;
    if (f == null || len <= 0) {
      return;
    }
    short[] mono = mono(pcm, off, len, f.channels());
    long blockNanos = mono.length * 1_000_000_000L / f.sampleRate();
    // After the write the device holds this block at the end of its queue: its last sample is heard when
    // a sample written now would be.
    long blockPlayAt = now + sink.latencyNanos() - blockNanos;
    short[] out;
    long firstOut;
    long blockStartFrame;
    synchronized (this) {
      if (resampler == null) {
        return;
      }
      blockStartFrame = inFrames;
      firstOut = outSamples;
      out = resampler.process(mono);
      inFrames += mono.length;
      outSamples += out.length;
    }
    if (out.length == 0) {
      return;
    }
    // Output sample k is the input at time k * in/out: place the first one exactly.
    double firstOutAtFrame = firstOut * (double) f.sampleRate() / PcmSamples.RATE;
    long playAt = blockPlayAt + (long) ((firstOutAtFrame - blockStartFrame) * 1e9 / f.sampleRate());
    tap.played(out, playAt, sink.ranDry());
  }

  private static short[] mono(byte[] pcm, int off, int len, int channels) {
    return PcmSamples.toMono(PcmSamples.fromLittleEndian(pcm, off, len - len % (2 * channels)), channels);
  }

  @Override
  public long bufferedNanos() {
    return sink.bufferedNanos();
  }

  @Override
  public long latencyNanos() {
    return sink.latencyNanos();
  }

  @Override
  public boolean realTime() {
    return sink.realTime();
  }

  @Override
  public boolean ranDry() {
    return sink.ranDry();
  }

  @Override
  public void drain() {
    sink.drain();
  }

  @Override
  public void abort() {
    sink.abort();
    tap.cut(System.nanoTime());
    restartResampler();
  }

  @Override
  public void close() {
    sink.close();
    tap.cut(System.nanoTime());
  }
}
