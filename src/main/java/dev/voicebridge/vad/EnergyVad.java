package dev.voicebridge.vad;

import dev.voicebridge.audio.PcmSamples;

/**
 * The fallback when the Silero model is absent: a block's level against a threshold in dBFS, mapped to a
 * probability by a logistic curve 3 dB wide so that the endpointer's hysteresis still works. It cannot tell
 * speech from other loud sound; it is there so that the bridge keeps working, not to be good.
 */
public final class EnergyVad implements VoiceActivityDetector {

  private final double thresholdDb;

  public EnergyVad(double thresholdDb) {
    this.thresholdDb = thresholdDb;
  }

  @Override
  public String name() {
    return "energy";
  }

  @Override
  public int frameSamples() {
    return 512;
  }

  @Override
  public float speechProbability(short[] frame) {
    double db = PcmSamples.rmsDbfs(frame, 0, frame.length);
    return (float) (1.0 / (1.0 + Math.exp(-(db - thresholdDb) / 3.0)));
  }

  @Override
  public void reset() {
    // stateless
  }

  @Override
  public void close() {
    // nothing held
  }
}
