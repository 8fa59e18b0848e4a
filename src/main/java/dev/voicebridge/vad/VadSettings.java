package dev.voicebridge.vad;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.models.ModelCatalogue;
import dev.voicebridge.models.ModelsDirectory;
import java.nio.file.Path;

/** The {@code vad} section, typed: the detector and the endpointing rules. */
public record VadSettings(
    String engine,
    Path modelPath,
    double threshold,
    double energyThresholdDb,
    int minSpeechMs,
    int silenceMs,
    int preRollMs,
    int maxUtteranceMs,
    int noSpeechTimeoutMs,
    double bargeInThreshold,
    double bargeInLevelDb,
    double bargeInLevelNoEchoEstimateDb,
    double bargeInEchoMarginDb,
    int bargeInMinMs,
    int echoTailMs,
    boolean interruptOnSpeech,
    boolean endOfTurnAdaptive,
    int endOfTurnCompleteMs,
    int endOfTurnIncompleteMs,
    int followUpMs,
    int followUpAfterQuestionMs) {

  public static VadSettings from(BridgeConfig c) {
    return new VadSettings(
        c.string("vad.engine"),
        c.optionalPath("vad.modelPath")
            .orElseGet(() -> ModelsDirectory.standard().file(ModelCatalogue.SILERO_VAD, "silero_vad.onnx")),
        c.decimal("vad.threshold"),
        c.decimal("vad.energyThresholdDb"),
        c.integer("vad.minSpeechMs"),
        c.integer("vad.silenceMs"),
        c.integer("vad.preRollMs"),
        c.integer("vad.maxUtteranceMs"),
        c.integer("vad.noSpeechTimeoutMs"),
        c.decimal("vad.bargeInThreshold"),
        c.decimal("vad.bargeInLevelDb"),
        c.decimal("vad.bargeInLevelNoEchoEstimateDb"),
        c.decimal("vad.bargeInEchoMarginDb"),
        c.integer("vad.bargeInMinMs"),
        c.integer("vad.echoTailMs"),
        c.bool("vad.interruptOnSpeech"),
        c.bool("vad.endOfTurn.adaptive"),
        c.integer("vad.endOfTurn.completeMs"),
        c.integer("vad.endOfTurn.incompleteMs"),
        c.integer("vad.followUpMs"),
        c.integer("vad.followUpAfterQuestionMs"));
  }

  /** The same settings with another Silero model file. */
  public VadSettings withModelPath(Path model) {
    return new VadSettings(engine, model, threshold, energyThresholdDb, minSpeechMs, silenceMs, preRollMs,
        maxUtteranceMs, noSpeechTimeoutMs, bargeInThreshold, bargeInLevelDb, bargeInLevelNoEchoEstimateDb, bargeInEchoMarginDb,
        bargeInMinMs, echoTailMs, interruptOnSpeech, endOfTurnAdaptive, endOfTurnCompleteMs, endOfTurnIncompleteMs,
        followUpMs, followUpAfterQuestionMs);
  }
}
