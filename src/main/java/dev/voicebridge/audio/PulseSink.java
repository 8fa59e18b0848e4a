package dev.voicebridge.audio;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Arrays;
import java.util.Optional;

/**
 * Plays to the sound server (PulseAudio, or PipeWire's PulseAudio service) as one long-lived playback
 * stream of its own, not through javax.sound and ALSA's pulse plugin. That plugin turns every flush (a
 * barge-in) into a brand-new server stream, and a new stream may sit silent for 0.3-1.9 s before the
 * server starts it (measured on the CI's null sink: the reply's first sentences were never heard while the
 * bridge believed them played, and the echo canceller, told they were playing, unlearned the room); it
 * also asks the server to stop the stream and prebuffer almost its whole buffer again after any
 * underrun. Here a barge-in flushes the server's queue of the same stream, which keeps playing at the
 * same latency, and the stream starts again as soon as {@value #PREBUF_MS} ms are queued. The native
 * stream is a {@link PulseStream}: a close racing a write, drain or flush on another thread never frees it
 * under that call, and a write after close does nothing.
 */
public final class PulseSink extends PacedSink {

  /** Queued audio the server waits for before it (re)starts playing: small, so a restart is quick. */
  static final int PREBUF_MS = 20;

  private final int bufferMs;
  private volatile PulseStream stream;
  private volatile long aborts;

  public PulseSink(int bufferMs) {
    super(bufferMs);
    this.bufferMs = bufferMs;
  }

  /** Whether a sound server can be used here: empty if so, else why not. Opens and closes a test stream. */
  public static Optional<String> unavailable() {
    Optional<String> problem = PulseAudio.load();
    if (problem.isPresent()) {
      return problem;
    }
    IntByReference error = new IntByReference();
    Pointer probe = PulseAudio.pa_simple_new(null, "voice-bridge", PulseAudio.PA_STREAM_PLAYBACK, null, "probe",
        spec(new PcmFormat(16_000, 1)), null, null, error);
    if (probe == null) {
      return Optional.of("no sound server answered (PulseAudio error " + error.getValue() + ")");
    }
    PulseAudio.pa_simple_free(probe);
    return Optional.empty();
  }

  @Override
  public String describe() {
    return "speaker (sound server)";
  }

  @Override
  public synchronized void begin(PcmFormat wanted) {
    PulseStream current = stream;
    if (current != null && wanted.equals(current.format())) {
      return;
    }
    free();
    PulseAudio.load().ifPresent(problem -> {
      throw new AudioSinkException(problem + "; set audio.output.device to use an ALSA device directly");
    });
    PulseAudio.BufferAttr attr = new PulseAudio.BufferAttr();
    // The server's target queue is our pacing lead plus a little: a write after the pacer's wait never
    // blocks, and nothing beyond that waits in the server to be thrown away at a barge-in.
    attr.tlength = wanted.bytesFor(bufferMs + PREBUF_MS);
    attr.prebuf = wanted.bytesFor(PREBUF_MS);
    IntByReference error = new IntByReference();
    Pointer s = PulseAudio.pa_simple_new(null, "voice-bridge", PulseAudio.PA_STREAM_PLAYBACK, null, "speech",
        spec(wanted), null, attr, error);
    if (s == null) {
      throw new AudioSinkException("cannot open a playback stream on the sound server for " + wanted
          + " (PulseAudio error " + error.getValue() + "); check that PulseAudio or PipeWire runs for this user, "
          + "or set audio.output.device to use an ALSA device directly");
    }
    stream = new PulseStream(s, wanted);
    pacer.emptied();
  }

  private static PulseAudio.SampleSpec spec(PcmFormat f) {
    PulseAudio.SampleSpec ss = new PulseAudio.SampleSpec();
    ss.format = PulseAudio.PA_SAMPLE_S16LE;
    ss.rate = f.sampleRate();
    ss.channels = (byte) f.channels();
    return ss;
  }

  @Override
  public void write(byte[] pcm, int off, int len) {
    PulseStream s = stream;
    if (s == null || len <= 0) {
      return;
    }
    pacer.beforeWrite((long) (s.format().millisOf(len) * 1_000_000));
    byte[] data = off == 0 && len == pcm.length ? pcm : Arrays.copyOfRange(pcm, off, off + len);
    long abortsBefore = aborts;
    IntByReference error = new IntByReference();
    int result = s.write(data, len, error);
    if (result == PulseStream.CLOSED) {
      return; // closed by another thread just before: nothing was played, nothing to report
    }
    if (result < 0 && aborts == abortsBefore) {
      if (!freeIfCurrent(s)) {
        return; // closed (or reopened) by another thread meanwhile: not a failure of the server
      }
      // The server went away (restarted, the user logged out): opened again at the next sentence.
      throw new AudioSinkException("the sound server stopped taking audio (PulseAudio error " + error.getValue()
          + "); trying it again with the next sentence");
    }
    pacer.pace();
  }

  /**
   * The server's own figure, not the pacer's account, which knows nothing of the server's share: with the
   * account, the echo's lag against the reference stepped by 25-30 ms at each barge-in on the CI's null
   * sink (133, 106, 82 ms over three); with the server's figure they were 2-20 ms. Falls back to the
   * account when the server cannot tell.
   */
  @Override
  public long latencyNanos() {
    PulseStream s = stream;
    long us = s == null ? -1 : s.latencyMicros();
    return us < 0 ? bufferedNanos() : us * 1_000;
  }

  @Override
  protected boolean playing() {
    return stream != null;
  }

  @Override
  public void drain() {
    PulseStream s = stream;
    if (s != null) {
      s.drain(new IntByReference());
    }
  }

  @Override
  public void abort() {
    aborts++;
    PulseStream s = stream;
    if (s != null) {
      // Drops the server's queue of this stream; the stream itself keeps running at its latency.
      s.flush(new IntByReference());
    }
    pacer.emptied();
  }

  @Override
  public synchronized void close() {
    free();
  }

  /** Closes {@code s} if it is still the stream in use; false when another thread closed or replaced it. */
  private synchronized boolean freeIfCurrent(PulseStream s) {
    if (stream != s) {
      return false;
    }
    free();
    return true;
  }

  /** The native stream goes once no call is in flight on it ({@link PulseStream#close}). */
  private void free() {
    PulseStream s = stream;
    stream = null;
    if (s != null) {
      s.close();
    }
  }
}
