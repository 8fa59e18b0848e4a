package dev.voicebridge.stt;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.models.ModelCatalogue;
import dev.voicebridge.models.ModelsDirectory;
import java.nio.file.Path;

/** The {@code stt} section, typed ({@code whisperLanguageLocal}: the language was set for this device). */
public record SttSettings(
    String engine,
    Path voskModel,
    Path whisperModel,
    String whisperLanguage,
    int whisperThreads,
    int whisperBeamSize,
    boolean whisperTemperatureFallback,
    boolean whisperLanguageLocal) {

  public static SttSettings from(BridgeConfig c) {
    return new SttSettings(
        c.string("stt.engine"),
        c.optionalPath("stt.vosk.modelPath")
            .orElseGet(() -> ModelsDirectory.standard().dir(ModelCatalogue.get(ModelCatalogue.VOSK_EN))),
        c.path("stt.whisper.modelPath"),
        c.string("stt.whisper.language"),
        c.integer("stt.whisper.threads"),
        c.integer("stt.whisper.beamSize"),
        c.bool("stt.whisper.temperatureFallback"),
        !c.origin("stt.whisper.language").equals("default"));
  }

  public SttSettings withEngine(String newEngine) {
    return new SttSettings(newEngine, voskModel, whisperModel, whisperLanguage, whisperThreads, whisperBeamSize,
        whisperTemperatureFallback, whisperLanguageLocal);
  }

  public SttSettings withVoskModel(Path model) {
    return new SttSettings(engine, model, whisperModel, whisperLanguage, whisperThreads, whisperBeamSize,
        whisperTemperatureFallback, whisperLanguageLocal);
  }

  public SttSettings withWhisperModel(Path model) {
    return new SttSettings(engine, voskModel, model, whisperLanguage, whisperThreads, whisperBeamSize,
        whisperTemperatureFallback, whisperLanguageLocal);
  }

  public SttSettings withTemperatureFallback(boolean on) {
    return new SttSettings(engine, voskModel, whisperModel, whisperLanguage, whisperThreads, whisperBeamSize, on,
        whisperLanguageLocal);
  }
}
