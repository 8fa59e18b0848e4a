package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.vad.VadEngines;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import dev.voicebridge.testkit.SpeechFixtures;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Silero VAD + the endpointer on synthetic recordings of several utterances separated by silence: each
 * utterance is found once, its start and end within 150 ms of where the speech really is, with and
 * without background noise; noise alone is not speech. The energy fallback finds the same utterances in
 * clean audio.
 */
class SpeechSegmentsTest {

  private static VadSettings settings;

  @BeforeAll
  static void models() {
    SpeechFixtures.requireModels();
    settings = VadSettings.from(BridgeConfig.defaults());
  }

  static SpeechTrack threeUtterances() {
    SpeechTrack t = SpeechFixtures.track().silence(1000);
    SpeechFixtures.say(t, "turn on the lights in the living room", SpeechFixtures.VOICES[0]).silence(1500);
    SpeechFixtures.say(t, "what is the weather tomorrow", SpeechFixtures.VOICES[2]).silence(1200);
    SpeechFixtures.say(t, "set a timer for ten minutes please", SpeechFixtures.VOICES[3]).silence(1500);
    return t;
  }

  private static void assertBoundaries(SpeechTrack t, List<SpeechSegments.Segment> found, String what) {
    assertEquals(t.parts().size(), found.size(), what + ": " + found);
    for (int i = 0; i < found.size(); i++) {
      SpeechTrack.Part truth = t.parts().get(i);
      SpeechSegments.Segment seg = found.get(i);
      assertTrue(Math.abs(seg.startMs() - truth.startMs()) <= 150,
          what + " #" + i + " starts at " + seg.startMs() + ", speech at " + truth.startMs());
      assertTrue(Math.abs(seg.endMs() - truth.endMs()) <= 150,
          what + " #" + i + " ends at " + seg.endMs() + ", speech at " + truth.endMs());
      assertEquals("silence", seg.reason());
      assertEquals(Math.max(0, seg.startMs() - settings.preRollMs()), seg.audioStartMs(),
          "the audio for STT starts one pre-roll before the speech");
    }
  }

  @Test
  void sileroFindsEachUtteranceWithin150Ms() {
    SpeechTrack t = threeUtterances();
    try (VoiceActivityDetector vad = VadEngines.require("silero", settings)) {
      assertBoundaries(t, SpeechSegments.find(t.samples(), vad, settings), "clean");
    }
  }

  @Test
  void sileroFindsEachUtteranceInNoise() {
    SpeechTrack t = threeUtterances().noise(-45, 11);
    try (VoiceActivityDetector vad = VadEngines.require("silero", settings)) {
      assertBoundaries(t, SpeechSegments.find(t.samples(), vad, settings), "white noise at -45 dBFS");
    }
  }

  @Test
  void noiseAloneIsNotSpeech() {
    SpeechTrack noise = new SpeechTrack().silence(10_000).noise(-30, 5);
    try (VoiceActivityDetector vad = VadEngines.require("silero", settings)) {
      assertEquals(List.of(), SpeechSegments.find(noise.samples(), vad, settings));
    }
  }

  @Test
  void energyFallbackFindsTheUtterancesInCleanAudio() {
    SpeechTrack t = threeUtterances();
    try (VoiceActivityDetector vad = VadEngines.require("energy", settings)) {
      assertBoundaries(t, SpeechSegments.find(t.samples(), vad, settings), "energy VAD");
    }
  }

  @Test
  void aMissingSileroModelFallsBackToEnergy() {
    VadSettings missing = settings.withModelPath(java.nio.file.Path.of("/nonexistent/silero_vad.onnx"));
    try (VoiceActivityDetector vad = VadEngines.create(missing)) {
      assertEquals("energy", vad.name());
    }
  }
}
