package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voicebridge.bench.EndpointingEvaluation;
import dev.voicebridge.bench.SpeechSynth;
import dev.voicebridge.bench.WakeAccuracy;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.Transcriber;
import dev.voicebridge.stt.Transcribers;
import dev.voicebridge.vad.VadEngines;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-of-turn corpus (espeak-ng, five voices) through Silero VAD, Vosk's words so far and the
 * endpointer, as {@code bench endpointing} runs it, under the adaptive rules and under a fixed silence
 * timeout. Positions are audio time, so the figures do not depend on the machine's speed.
 */
class EndpointingCorpusTest {

  @Test
  void theWordsSoFarEndCompleteRequestsSoonerAndCutFewerPausesToThink() {
    assumeTrue(SpeechSynth.available(), "espeak-ng is not installed");
    List<EndpointingEvaluation.Clip> clips = EndpointingEvaluation.speak(WakeAccuracy.voices());
    EndpointingEvaluation.Summary adaptive = evaluate(clips, "true");
    EndpointingEvaluation.Summary fixed = evaluate(clips, "false");
    String why = "adaptive " + adaptive.toJson().encode() + "\nfixed " + fixed.toJson().encode();

    assertEquals(0, adaptive.premature("complete"), why);
    // measured: p50 314 ms adaptive, 758 ms fixed (700 ms of silence after the VAD's own lag)
    assertTrue(adaptive.delayMs("complete", 0.5) <= 350, why);
    assertTrue(fixed.delayMs("complete", 0.5) >= 700, why);
    // measured: 9 of 60 pauses cut with the adaptive rules (each one a word the small model misheard in a
    // synthetic voice), 45 of 60 with the fixed timeout
    assertTrue(adaptive.premature("hesitation") <= 12, why);
    assertTrue(fixed.premature("hesitation") >= 3 * adaptive.premature("hesitation"), why);
  }

  private static EndpointingEvaluation.Summary evaluate(List<EndpointingEvaluation.Clip> clips, String adaptive) {
    BridgeConfig config = BridgeConfig.defaults().with(Map.of("vad.endOfTurn.adaptive", adaptive));
    VadSettings vad = VadSettings.from(config);
    try (VoiceActivityDetector detector = VadEngines.require("silero", vad);
        Transcriber vosk = Transcribers.create("vosk", SttSettings.from(config))) {
      return EndpointingEvaluation.run(adaptive, clips, vad, detector, vosk);
    }
  }
}
