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
   * The bridge's engine: the configured one; when Whisper cannot load, one warning and Vosk; when nothing
   * loads, one warning and none (utterances are then not transcribed, the rest keeps running).
   */
  public static Optional<Transcriber> forBridge(SttSettings s) {
    try {
      return Optional.of(create(s.engine(), s));
    } catch (BridgeException e) {
      if (s.engine().equals("whisper")) {
        LOG.warn("{}; using Vosk for speech-to-text instead", e.getMessage());
        try {
          return Optional.of(create("vosk", s));
        } catch (BridgeException vosk) {
          LOG.warn("speech-to-text is off: {}", vosk.getMessage());
          return Optional.empty();
        }
      }
      LOG.warn("speech-to-text is off: {}", e.getMessage());
      return Optional.empty();
    }
  }
}
