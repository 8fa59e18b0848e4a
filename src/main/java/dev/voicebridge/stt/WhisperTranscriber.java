package dev.voicebridge.stt;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.audio.PcmSamples;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Whisper (whisper.cpp through whisper-jni) on a ggml model file. Whisper is not streaming: the utterance
 * is collected and transcribed when it ends, so its latency after the end of speech is the whole
 * inference. The context is loaded once and reused; whisper.cpp's own console output is switched off.
 */
public final class WhisperTranscriber implements Transcriber {

  /** How to get a model, for messages. */
  public static final String HOW_TO_GET = "download one with scripts/download-whisper-model.sh (needs internet), "
      + "e.g. `scripts/download-whisper-model.sh base.en`, or set stt.whisper.modelPath";

  private static volatile boolean nativeLoaded;

  private final WhisperJNI jni;
  private final WhisperContext context;
  /** Set on the transcription worker, read there: volatile only because a test may ask from elsewhere. */
  private volatile String language;
  private final int threads;
  private final int beamSize;
  private final boolean temperatureFallback;

  private WhisperTranscriber(WhisperJNI jni, WhisperContext context, String language, int threads, int beamSize,
      boolean temperatureFallback) {
    this.jni = jni;
    this.context = context;
    this.language = language;
    this.threads = threads;
    this.beamSize = beamSize;
    this.temperatureFallback = temperatureFallback;
  }

  @Override
  public boolean language(String code) {
    language = code;
    return true;
  }

  public static WhisperTranscriber load(Path model, String language, int threads, int beamSize,
      boolean temperatureFallback) {
    if (!Files.isRegularFile(model)) {
      throw new BridgeException("Whisper model not found at " + model + ": " + HOW_TO_GET);
    }
    loadNative();
    WhisperJNI jni = new WhisperJNI();
    WhisperContext ctx;
    try {
      ctx = jni.init(model);
    } catch (IOException e) {
      throw new BridgeException("cannot read the Whisper model " + model + ": " + e.getMessage(), e);
    }
    if (ctx == null) {
      throw new BridgeException(model + " is not a Whisper ggml model that whisper.cpp can load (damaged, "
          + "truncated or another format); " + HOW_TO_GET);
    }
    return new WhisperTranscriber(jni, ctx, language, threads, beamSize, temperatureFallback);
  }

  private static synchronized void loadNative() {
    if (nativeLoaded) {
      return;
    }
    try {
      WhisperNatives.prepare();
      WhisperJNI.loadLibrary(message -> { });
      WhisperJNI.setLibraryLogger(null);
      nativeLoaded = true;
    } catch (IOException | UnsatisfiedLinkError e) {
      throw new BridgeException("whisper.cpp has no native library for this platform (" + System.getProperty("os.arch")
          + "): " + e.getMessage(), e);
    }
  }

  @Override
  public String engine() {
    return "whisper";
  }

  @Override
  public Utterance open() {
    return new Utterance() {
      private short[] collected = new short[16_000 * 4];
      private int length;

      @Override
      public String accept(short[] pcm, int count) {
        if (length + count > collected.length) {
          collected = Arrays.copyOf(collected, Math.max(collected.length * 2, length + count));
        }
        System.arraycopy(pcm, 0, collected, length, count);
        length += count;
        return null;
      }

      @Override
      public String finish() {
        return run(PcmSamples.toFloat(collected, 0, length));
      }

      @Override
      public void cancel() {
        length = 0;
      }
    };
  }

  private synchronized String run(float[] samples) {
    WhisperFullParams params = new WhisperFullParams(beamSize > 1
        ? WhisperSamplingStrategy.BEAN_SEARCH : WhisperSamplingStrategy.GREEDY);
    params.nThreads = threads;
    params.language = language.equals("auto") ? null : language;
    params.detectLanguage = language.equals("auto");
    params.beamSearchBeamSize = beamSize;
    params.printProgress = false;
    params.printTimestamps = false;
    params.printRealtime = false;
    params.printSpecial = false;
    params.singleSegment = false;
    params.noContext = true;
    if (!temperatureFallback) {
      params.temperatureInc = 0f; // whisper.cpp: no re-decoding at higher temperatures
    }
    int status = jni.full(context, params, samples, samples.length);
    if (status != 0) {
      throw new BridgeException("Whisper inference failed (whisper_full returned " + status + ")");
    }
    StringBuilder text = new StringBuilder();
    int segments = jni.fullNSegments(context);
    for (int i = 0; i < segments; i++) {
      text.append(jni.fullGetSegmentText(context, i));
    }
    return text.toString().strip();
  }

  @Override
  public void close() {
    context.close();
  }
}
