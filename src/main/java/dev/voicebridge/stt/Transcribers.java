package dev.voicebridge.stt;

import dev.voicebridge.base.BridgeException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes speech-to-text engines from the settings. */
public final class Transcribers {

  private static final Logger LOG = LoggerFactory.getLogger(Transcribers.class);

  private Transcribers() {
  }

  /** Exactly the engine named; failures are {@link BridgeException}s with a message for people. */
  public static Transcriber create(String engine, SttSettings s) {
    return switch (engine) {
      case "vosk" -> VoskTranscriber.load(s.voskModel());
      case "whisper" -> WhisperTranscriber.load(s.whisperModel(), s.whisperLanguage(), s.whisperThreads(),
          s.whisperBeamSize(), s.whisperTemperatureFallback());
      default -> throw new BridgeException("unknown speech-to-text engine '" + engine + "' (vosk or whisper)");
    };
  }

  /**
   * The bridge's engine: the configured one; when it cannot load, one warning and the other engine (Whisper
   * needs a model file the user fetched; Vosk has no build for linux-aarch64, so on a Raspberry Pi the
   * default engine falls through to Whisper when its model is there); when neither loads, one warning that
   * says what to install, and none (utterances are then not transcribed, the rest keeps running).
   */
  public static Optional<Transcriber> forBridge(SttSettings s) {
    try {
      return Optional.of(create(s.engine(), s));
    } catch (BridgeException e) {
      String other = s.engine().equals("whisper") ? "vosk" : s.engine().equals("vosk") ? "whisper" : null;
      if (other == null) {
        LOG.warn("speech-to-text is off: {}", e.getMessage());
        return Optional.empty();
      }
      try {
        Transcriber fallback = create(other, s);
        LOG.warn("{}; using {} for speech-to-text instead", e.getMessage(), other.equals("vosk") ? "Vosk" : "Whisper");
        return Optional.of(fallback);
      } catch (BridgeException second) {
        LOG.warn("speech-to-text is off: {}; and {}. {}", e.getMessage(), second.getMessage(), whatToInstall());
        return Optional.empty();
      }
    }
  }

  /** What makes speech-to-text work on this machine. */
  static String whatToInstall() {
    String arch = System.getProperty("os.arch", "");
    boolean arm = arch.equals("aarch64") || arch.equals("arm64");
    return arm
        ? "On " + arch + " (a Raspberry Pi) use Whisper: fetch a model with scripts/download-whisper-model.sh "
            + "base.en (or copy a ggml model to stt.whisper.modelPath) and set stt.engine to whisper"
        : "Install the models with: java -jar voice-bridge.jar models install (Vosk), or fetch a Whisper model "
            + "with scripts/download-whisper-model.sh base.en";
  }
}
