package dev.voicebridge.listen.echo;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.voicebridge.audio.PcmSamples;

/**
 * Acoustic echo cancellation with speexdsp: an adaptive filter (MDF, {@code tailMs} long) predicts the echo
 * of the reference in the microphone signal and subtracts it; a preprocessor then removes the residual echo
 * the filter left (it is told the echo state) and stationary noise. One frame of {@link #frameSamples()}
 * at a time, microphone and reference aligned (the reference is what the speaker played at the moment the
 * microphone frame was captured, before the room's delay).
 *
 * <p>Not thread-safe: one capture thread owns it. {@link #close()} frees the native states.
 */
final class SpeexEchoCanceller implements EchoCanceller {

  private final int frameSamples;
  private Pointer echo;
  private Pointer preprocess;

  /**
   * @param frameMs         frame length (10-20 ms is what speexdsp is tuned for)
   * @param tailMs          the longest echo path the filter models (room reverberation after the delay)
   * @param noiseSuppressDb maximum attenuation of noise (negative dB)
   * @param echoSuppressDb  maximum attenuation of residual echo while only the bridge speaks (negative dB)
   * @param echoSuppressActiveDb the same while the user speaks too (double talk: gentler, to keep the user)
   */
  SpeexEchoCanceller(int frameMs, int tailMs, int noiseSuppressDb, int echoSuppressDb, int echoSuppressActiveDb) {
    SpeexDsp.load("").ifPresent(p -> {
      throw new IllegalStateException(p);
    });
    this.frameSamples = frameMs * PcmSamples.SAMPLES_PER_MS;
    echo = SpeexDsp.speex_echo_state_init(frameSamples, tailMs * PcmSamples.SAMPLES_PER_MS);
    preprocess = SpeexDsp.speex_preprocess_state_init(frameSamples, PcmSamples.RATE);
    if (echo == null || preprocess == null) {
      close();
      throw new IllegalStateException("speexdsp could not create its echo canceller state");
    }
    SpeexDsp.speex_echo_ctl(echo, SpeexDsp.SPEEX_ECHO_SET_SAMPLING_RATE, new IntByReference(PcmSamples.RATE));
    SpeexDsp.speex_preprocess_ctl(preprocess, SpeexDsp.SPEEX_PREPROCESS_SET_ECHO_STATE, echo);
    setInt(SpeexDsp.SPEEX_PREPROCESS_SET_DENOISE, 1);
    setInt(SpeexDsp.SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, noiseSuppressDb);
    setInt(SpeexDsp.SPEEX_PREPROCESS_SET_ECHO_SUPPRESS, echoSuppressDb);
    setInt(SpeexDsp.SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE, echoSuppressActiveDb);
  }

  private void setInt(int request, int value) {
    IntByReference ref = new IntByReference(value);
    SpeexDsp.speex_preprocess_ctl(preprocess, request, ref.getPointer());
  }

  @Override
  public String name() {
    return "speexdsp";
  }

  @Override
  public int frameSamples() {
    return frameSamples;
  }

  @Override
  public int delaySamples() {
    return frameSamples; // the preprocessor works on overlapping windows: its output is one frame late
  }

  @Override
  public void cancel(short[] mic, short[] reference, short[] out) {
    SpeexDsp.speex_echo_cancellation(echo, mic, reference, out);
    SpeexDsp.speex_preprocess_run(preprocess, out);
  }

  @Override
  public void reset() {
    SpeexDsp.speex_echo_state_reset(echo);
  }

  @Override
  public void close() {
    if (preprocess != null) {
      SpeexDsp.speex_preprocess_state_destroy(preprocess);
      preprocess = null;
    }
    if (echo != null) {
      SpeexDsp.speex_echo_state_destroy(echo);
      echo = null;
    }
  }
}
