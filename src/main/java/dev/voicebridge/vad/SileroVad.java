package dev.voicebridge.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.voicebridge.base.BridgeException;
import dev.voicebridge.models.OnnxModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Silero VAD v5 through ONNX Runtime. The model is recurrent: each call takes 512 new samples at 16 kHz
 * preceded by the last 64 samples of the previous call (its context), plus the 2x1x128 state the previous
 * call returned, and gives the speech probability of the block.
 */
public final class SileroVad implements VoiceActivityDetector {

  public static final int FRAME = 512;
  private static final int CONTEXT = 64;

  private final OrtEnvironment env = OnnxModels.environment();
  private final OrtSession session;
  private final OnnxTensor sampleRate;
  private final float[] state = new float[2 * 128];
  private final float[] input = new float[CONTEXT + FRAME];

  private SileroVad(OrtSession session) throws OrtException {
    this.session = session;
    this.sampleRate = OnnxTensor.createTensor(env, 16_000L);
  }

  public static SileroVad load(Path model) {
    OrtSession session = OnnxModels.open(model, "Silero VAD");
    try {
      return new SileroVad(session);
    } catch (OrtException e) {
      throw new BridgeException("Silero VAD could not start: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "silero";
  }

  @Override
  public int frameSamples() {
    return FRAME;
  }

  @Override
  public float speechProbability(short[] frame) {
    System.arraycopy(input, FRAME, input, 0, CONTEXT);
    for (int i = 0; i < FRAME; i++) {
      input[CONTEXT + i] = frame[i] / 32768f;
    }
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, CONTEXT + FRAME});
        OnnxTensor st = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
        OrtSession.Result result = session.run(Map.of("input", in, "state", st, "sr", sampleRate))) {
      float probability = ((float[][]) result.get(0).getValue())[0][0];
      FloatBuffer next = ((OnnxTensor) result.get(1)).getFloatBuffer();
      next.get(state);
      return probability;
    } catch (OrtException e) {
      throw new IllegalStateException("Silero VAD inference failed", e);
    }
  }

  @Override
  public void reset() {
    java.util.Arrays.fill(state, 0f);
    java.util.Arrays.fill(input, 0f);
  }

  @Override
  public void close() {
    sampleRate.close();
    try {
      session.close();
    } catch (OrtException e) {
      // closing releases native memory; nothing else to do
    }
  }
}
