package dev.voicebridge.wake;

import dev.voicebridge.base.BridgeException;

/** Makes the configured wake-word engine; failures are {@link BridgeException}s with a message for people. */
public final class WakeEngines {

  private WakeEngines() {
  }

  public static WakeWordDetector create(WakeSettings s) {
    return switch (s.engine()) {
      case "openwakeword" -> OpenWakeWordDetector.load(s.modelDir(), s.keyword());
      case "porcupine" -> PorcupineDetector.create(s.porcupineAccessKey(), s.porcupineKeyword(), s.porcupineSensitivity());
      case "vosk" -> VoskPhraseDetector.create(s.voskModel(), s.phrase());
      case "none" -> throw new BridgeException("wake.engine is none: there is no wake-word detector");
      default -> throw new BridgeException("unknown wake engine '" + s.engine() + "' (openwakeword, porcupine, vosk, none)");
    };
  }
}
