package dev.voicebridge.wake;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.models.ModelCatalogue;
import dev.voicebridge.models.ModelsDirectory;
import dev.voicebridge.stt.SttSettings;
import java.nio.file.Path;

/** The {@code wake} section, typed (plus the Vosk model location, for a Vosk wake phrase). */
public record WakeSettings(
    String engine,
    String keyword,
    double threshold,
    int refractoryMs,
    Path modelDir,
    String phrase,
    String porcupineAccessKey,
    String porcupineKeyword,
    double porcupineSensitivity,
    boolean pushToTalk,
    boolean gatewayTriggers,
    Path voskModel) {

  public static WakeSettings from(BridgeConfig c) {
    return new WakeSettings(
        c.string("wake.engine"),
        c.string("wake.keyword"),
        c.decimal("wake.threshold"),
        c.integer("wake.refractoryMs"),
        c.optionalPath("wake.modelDir")
            .orElseGet(() -> ModelsDirectory.standard().dir(ModelCatalogue.get(ModelCatalogue.OPENWAKEWORD))),
        c.string("wake.phrase"),
        c.string("wake.porcupine.accessKey"),
        c.string("wake.porcupine.keyword"),
        c.decimal("wake.porcupine.sensitivity"),
        c.bool("wake.pushToTalk"),
        c.bool("wake.gatewayTriggers"),
        SttSettings.from(c).voskModel());
  }

  @Override
  public String toString() {
    return "WakeSettings[engine=" + engine + ", keyword=" + keyword + ", threshold=" + threshold
        + ", porcupineAccessKey=" + (porcupineAccessKey.isEmpty() ? "" : "***") + "]";
  }
}
