package dev.voicebridge.tts;

import dev.voicebridge.config.BridgeConfig;

/** The {@code tts} section of the configuration, typed. */
public record TtsSettings(
    String engine,
    String espeakBinary,
    String espeakVoice,
    int espeakRate,
    int espeakPitch,
    String freettsVoice) {

  public static TtsSettings from(BridgeConfig config) {
    return new TtsSettings(
        config.string("tts.engine"),
        config.string("tts.espeak.binary"),
        config.string("tts.espeak.voice"),
        config.integer("tts.espeak.rate"),
        config.integer("tts.espeak.pitch"),
        config.string("tts.freetts.voice"));
  }

  public TtsSettings withEngine(String newEngine) {
    return new TtsSettings(newEngine, espeakBinary, espeakVoice, espeakRate, espeakPitch, freettsVoice);
  }

  public TtsSettings withEspeakBinary(String binary) {
    return new TtsSettings(engine, binary, espeakVoice, espeakRate, espeakPitch, freettsVoice);
  }
}
