package dev.voicebridge.wake;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.voicebridge.base.BridgeException;
import dev.voicebridge.models.OnnxModels;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * openWakeWord through ONNX Runtime: every 80 ms (1280 samples) the melspectrogram model turns the last
 * 110 ms of audio into 8 new mel frames (32 bins); the embedding model turns the last 76 mel frames into
 * one 96-value feature; the keyword model scores the last 16 features (1.28 s). The stream starts as if
 * silence preceded it, and the first 5 scores are held at 0 while the buffers fill, as upstream does.
 */
public final class OpenWakeWordDetector implements WakeWordDetector {

  public static final int FRAME = 1280;
  private static final int MEL_CONTEXT = 480;
  private static final int MEL_BINS = 32;
  private static final int MEL_WINDOW = 76;
  private static final int FEATURE = 96;
  private static final int WARMUP_SCORES = 5;

  private final OrtEnvironment env = OnnxModels.environment();
  private final OrtSession mel;
  private final OrtSession embedding;
  private final OrtSession keywordModel;
  private final String keywordInput;
  private final String keyword;
  private final int featureWindow;

  private final float[] raw = new float[FRAME + MEL_CONTEXT];
  private final float[][] melFrames = new float[MEL_WINDOW][];
  private final float[][] features;
  private int scored;

  private OpenWakeWordDetector(OrtSession mel, OrtSession embedding, OrtSession keywordModel, String keyword)
      throws OrtException {
    this.mel = mel;
    this.embedding = embedding;
    this.keywordModel = keywordModel;
    this.keyword = keyword;
    this.keywordInput = keywordModel.getInputNames().iterator().next();
    long[] shape = ((ai.onnxruntime.TensorInfo) keywordModel.getInputInfo().get(keywordInput).getInfo()).getShape();
    this.featureWindow = shape.length == 3 && shape[1] > 0 ? (int) shape[1] : 16;
    this.features = new float[featureWindow][];
    primeWithSilence();
  }

  /**
   * Loads the models from {@code dir}: melspectrogram.onnx, embedding_model.onnx and the keyword's model
   * ({@code <keyword>_v0.1.onnx}, or {@code <keyword>.onnx} for a custom-trained one).
   */
  public static OpenWakeWordDetector load(Path dir, String keyword) {
    Path model = dir.resolve(keyword + "_v0.1.onnx");
    if (!Files.isRegularFile(model) && Files.isRegularFile(dir.resolve(keyword + ".onnx"))) {
      model = dir.resolve(keyword + ".onnx");
    }
    if (!Files.isRegularFile(model) && Files.isDirectory(dir)) {
      throw new BridgeException("no openWakeWord model for wake.keyword '" + keyword + "' in " + dir
          + " (built in: hey_jarvis, alexa, hey_mycroft, hey_rhasspy; or put " + keyword + ".onnx there)");
    }
    OrtSession melSession = OnnxModels.open(dir.resolve("melspectrogram.onnx"), "openWakeWord melspectrogram");
    OrtSession embeddingSession = OnnxModels.open(dir.resolve("embedding_model.onnx"), "openWakeWord embedding");
    OrtSession keywordSession = OnnxModels.open(model, "openWakeWord '" + keyword + "'");
    try {
      return new OpenWakeWordDetector(melSession, embeddingSession, keywordSession, keyword);
    } catch (OrtException e) {
      throw new BridgeException("openWakeWord could not start: " + e.getMessage(), e);
    }
  }

  @Override
  public String engine() {
    return "openwakeword";
  }

  @Override
  public String keyword() {
    return keyword;
  }

  @Override
  public int frameSamples() {
    return FRAME;
  }

  @Override
  public float score(short[] frame) {
    try {
      System.arraycopy(raw, FRAME, raw, 0, MEL_CONTEXT);
      for (int i = 0; i < FRAME; i++) {
        raw[MEL_CONTEXT + i] = frame[i]; // the model expects int16-scaled floats
      }
      for (float[] m : melFrames(raw)) {
        push(melFrames, m);
      }
      push(features, embed());
      float score = scoreFeatures();
      return ++scored <= WARMUP_SCORES ? 0f : score;
    } catch (OrtException e) {
      throw new IllegalStateException("openWakeWord inference failed", e);
    }
  }

  private void primeWithSilence() throws OrtException {
    float[][] silent = melFrames(new float[FRAME + MEL_CONTEXT]);
    for (int i = 0; i < MEL_WINDOW; i++) {
      melFrames[i] = silent[i % silent.length].clone();
    }
    float[] feature = embed();
    for (int i = 0; i < featureWindow; i++) {
      features[i] = feature.clone();
    }
  }

  private float[][] melFrames(float[] samples) throws OrtException {
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(samples), new long[] {1, samples.length});
        OrtSession.Result r = mel.run(Map.of("input", in))) {
      float[][][][] out = (float[][][][]) r.get(0).getValue();
      float[][] frames = out[0][0];
      for (float[] f : frames) {
        for (int i = 0; i < f.length; i++) {
          f[i] = f[i] / 10f + 2f; // the transform openWakeWord applies to match Google's speech_embedding input
        }
      }
      return frames;
    }
  }

  private float[] embed() throws OrtException {
    float[] window = new float[MEL_WINDOW * MEL_BINS];
    for (int i = 0; i < MEL_WINDOW; i++) {
      System.arraycopy(melFrames[i], 0, window, i * MEL_BINS, MEL_BINS);
    }
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(window), new long[] {1, MEL_WINDOW, MEL_BINS, 1});
        OrtSession.Result r = embedding.run(Map.of("input_1", in))) {
      return ((float[][][][]) r.get(0).getValue())[0][0][0];
    }
  }

  private float scoreFeatures() throws OrtException {
    float[] x = new float[featureWindow * FEATURE];
    for (int i = 0; i < featureWindow; i++) {
      System.arraycopy(features[i], 0, x, i * FEATURE, FEATURE);
    }
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, featureWindow, FEATURE});
        OrtSession.Result r = keywordModel.run(Map.of(keywordInput, in))) {
      return ((float[][]) r.get(0).getValue())[0][0];
    }
  }

  private static void push(float[][] ring, float[] value) {
    System.arraycopy(ring, 1, ring, 0, ring.length - 1);
    ring[ring.length - 1] = value;
  }

  @Override
  public void close() {
    for (OrtSession s : new OrtSession[] {mel, embedding, keywordModel}) {
      try {
        s.close();
      } catch (OrtException e) {
        // releasing native memory only
      }
    }
  }
}
