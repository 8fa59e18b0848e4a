package dev.voicebridge.tts;

import dev.voicebridge.config.BridgeConfig;

/** The {@code tts} section of the configuration, typed. */
public record TtsSettings(
    String engine,
    String espeakBinary,
    String espeakVoice,
    int espeakRate,
    int espeakPitch,
    String freettsVoice,
    String gatewayFallback,
    int gatewayTimeoutMs) {

  public static TtsSettings from(BridgeConfig config) {
    return new TtsSettings(
        config.string("tts.engine"),
        config.string("tts.espeak.binary"),
        config.string("tts.espeak.voice"),
        config.integer("tts.espeak.rate"),
        config.integer("tts.espeak.pitch"),
        config.string("tts.freetts.voice"),
        config.string("tts.gateway.fallback"),
        config.integer("tts.gateway.timeoutMs"));
  }

  public TtsSettings withEngine(String newEngine) {
    return new TtsSettings(newEngine, espeakBinary, espeakVoice, espeakRate, espeakPitch, freettsVoice, gatewayFallback,
        gatewayTimeoutMs);
  }

  public TtsSettings withEspeakBinary(String binary) {
    return new TtsSettings(engine, binary, espeakVoice, espeakRate, espeakPitch, freettsVoice, gatewayFallback,
        gatewayTimeoutMs);
  }
}
