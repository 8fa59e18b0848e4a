package dev.voicebridge.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.testkit.SpeechFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Vosk wake phrase (a grammar proposes, the full vocabulary confirms) finds "hey computer" and not its
 * near misses; Porcupine
 * without a valid Picovoice AccessKey refuses to start with one clear message that never shows the key.
 */
class OtherWakeEnginesTest {

  private static WakeSettings settings(Map<String, String> overrides) {
    return WakeSettings.from(BridgeConfig.defaults().with(overrides));
  }

  @Test
  void voskFindsTheCustomWakePhrase() {
    SpeechFixtures.requireModels();
    WakeSettings s = settings(Map.of("wake.engine", "vosk", "wake.phrase", "hey computer"));
    for (String[] voice : new String[][] {SpeechFixtures.VOICES[0], SpeechFixtures.VOICES[1], SpeechFixtures.VOICES[3]}) {
      SpeechTrack t = SpeechFixtures.say(SpeechFixtures.track().silence(1000), "hey computer", voice).silence(200)
          .say("what time is it").silence(1500);
      try (WakeWordDetector d = WakeEngines.create(s)) {
        List<WakeWordSpotter.Detection> found = WakeWordSpotter.scan(d, t.samples(), s.threshold(), s.refractoryMs());
        assertEquals(1, found.size(), voice[0] + ": " + found);
        long error = found.get(0).atMs() - t.parts().get(0).endMs();
        // Against a two-entry grammar Vosk settles on the phrase while its last word is still being said:
        // measured here from 314 ms early (slow British voice) to 150 ms late, so the bound is 400 ms
        assertTrue(Math.abs(error) <= 400, voice[0] + ": " + error + " ms after the phrase");
        assertEquals("hey computer", found.get(0).keyword());
      }
    }
    // near misses the grammar alone took for the phrase (each one a false wake before the second look)
    SpeechTrack negative = SpeechFixtures.track().silence(800).say("hey jarvis").silence(600)
        .say("the computer is in the other room").silence(800).say("hey commuter, what time is it").silence(800)
        .say("hey, come here please").silence(800).say("he said the computer was broken").silence(1200);
    try (WakeWordDetector d = WakeEngines.create(s)) {
      assertEquals(List.of(), WakeWordSpotter.scan(d, negative.samples(), s.threshold(), s.refractoryMs()));
    }
  }

  @Test
  void theVoskPhraseListensForNewPhrasesWhileItRuns() {
    SpeechFixtures.requireModels();
    WakeSettings s = settings(Map.of("wake.engine", "vosk", "wake.phrase", "hey computer"));
    SpeechTrack t = SpeechFixtures.track().silence(1000).say("hey computer, what time is it").silence(1500)
        .say("hey computer, what time is it").silence(1500).say("hey robot, what time is it").silence(1500);
    long secondAt = t.parts().get(1).startSample();
    try (WakeWordDetector d = WakeEngines.create(s)) {
      WakeWordSpotter spotter = new WakeWordSpotter(d, s.threshold(), s.refractoryMs());
      short[] pcm = t.samples();
      List<WakeWordSpotter.Detection> found = new java.util.ArrayList<>(
          spotter.push(java.util.Arrays.copyOfRange(pcm, 0, (int) secondAt), 0));
      // the gateway's triggers arrive mid-stream: "hey computer" is no longer one
      ((VoskPhraseDetector) d).listenFor(List.of("hey robot", "OpenClaw", "xqzzy"));
      found.addAll(spotter.push(java.util.Arrays.copyOfRange(pcm, (int) secondAt, pcm.length), secondAt));
      assertEquals(List.of("hey computer", "hey robot"), found.stream().map(WakeWordSpotter.Detection::keyword).toList(),
          found.toString());
      assertTrue(found.get(1).atSample() > t.parts().get(2).startSample(), found.toString());
      // "OpenClaw" is listened for as the known words "open claw"; "xqzzy" cannot be, and is left out
      assertEquals(List.of("hey robot", "OpenClaw"), List.copyOf(((VoskPhraseDetector) d).phrases()));
    }
  }

  @Test
  void porcupineWithoutAKeyExplainsWhatIsMissing() {
    BridgeException e = assertThrows(BridgeException.class,
        () -> WakeEngines.create(settings(Map.of("wake.engine", "porcupine"))));
    assertTrue(e.getMessage().contains("wake.porcupine.accessKey is empty"), e.getMessage());
  }

  @Test
  void porcupineWithAnInvalidKeyFailsClearlyWithoutShowingIt() {
    String key = "not-a-real-access-key-1234";
    BridgeException e = assertThrows(BridgeException.class, () -> WakeEngines.create(
        settings(Map.of("wake.engine", "porcupine", "wake.porcupine.accessKey", key))));
    assertTrue(e.getMessage().startsWith("Porcupine did not start: "), e.getMessage());
    assertTrue(e.getMessage().contains("AccessKey"), e.getMessage());
    assertFalse(e.getMessage().contains(key), "the key is a secret: " + e.getMessage());
  }

  @Test
  void anUnknownPorcupineKeywordListsTheBuiltInOnes() {
    BridgeException e = assertThrows(BridgeException.class, () -> WakeEngines.create(settings(Map.of(
        "wake.engine", "porcupine", "wake.porcupine.accessKey", "x", "wake.porcupine.keyword", "hey toaster"))));
    assertTrue(e.getMessage().contains("not a Porcupine built-in keyword"), e.getMessage());
    assertTrue(e.getMessage().contains("jarvis"), e.getMessage());
  }
}
