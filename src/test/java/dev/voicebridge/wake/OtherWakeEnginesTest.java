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
 * The Vosk wake phrase (a custom phrase through a grammar) finds "hey computer" and nothing else; Porcupine
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
    SpeechTrack negative = SpeechFixtures.track().silence(800).say("hey jarvis").silence(600)
        .say("the computer is in the other room").silence(1200);
    try (WakeWordDetector d = WakeEngines.create(s)) {
      assertEquals(List.of(), WakeWordSpotter.scan(d, negative.samples(), s.threshold(), s.refractoryMs()));
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
