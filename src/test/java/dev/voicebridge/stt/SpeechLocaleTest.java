package dev.voicebridge.stt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.config.BridgeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeechLocaleTest {

  private final SttSettings defaults = SttSettings.from(BridgeConfig.defaults());

  @Test
  void aLocaleIsItsPrimaryLanguageAndAVoskModelIsKnownByItsName() {
    assertEquals("de", SpeechLocale.language("de-DE"));
    assertEquals("pt", SpeechLocale.language(" pt_BR "));
    assertEquals("en", SpeechLocale.language("EN"));
    assertNull(SpeechLocale.language("  "));
    assertNull(SpeechLocale.language("12-34"));
    assertEquals("en", SpeechLocale.voskLanguage(Path.of("/m/vosk-model-en-us-0.3.45")));
    assertEquals("de", SpeechLocale.voskLanguage(Path.of("vosk-model-small-de-0.15")));
    assertEquals("fr", SpeechLocale.voskLanguage(Path.of("vosk-model-fr-0.22-lgraph")));
    assertNull(SpeechLocale.voskLanguage(Path.of("/models/my-own-model")));
  }

  @Test
  void whisperFollowsTheGatewayUnlessItsLanguageWasSetForThisDevice() {
    assertTrue(!defaults.whisperLanguageLocal(), "the default language is not a device setting");
    SpeechLocale.Decision d = SpeechLocale.decide("whisper", defaults, false, "de-DE");
    assertEquals("de", d.whisperLanguage());
    assertEquals("speech-to-text language: de (the gateway's Talk speech locale de-DE)", d.message());
    SttSettings local = SttSettings.from(BridgeConfig.defaults().with(Map.of("stt.whisper.language", "fr")));
    assertTrue(local.whisperLanguageLocal());
    SpeechLocale.Decision kept = SpeechLocale.decide("whisper", local, true, "de-DE");
    assertNull(kept.whisperLanguage());
    assertTrue(kept.message().contains("keeps stt.whisper.language fr"), kept.message());
    assertEquals(SpeechLocale.Decision.NONE, SpeechLocale.decide("whisper", defaults, false, null));
  }

  @Test
  void aVoskModelOfAnotherLanguageIsSaidWithWhatToChange() {
    assertEquals(SpeechLocale.Decision.NONE, SpeechLocale.decide("vosk", defaults, false, "en-GB"));
    SpeechLocale.Decision d = SpeechLocale.decide("vosk", defaults, false, "de-DE");
    assertNull(d.whisperLanguage());
    assertTrue(d.warning());
    assertTrue(d.message().contains("understands en only: set stt.vosk.modelPath to a de model"), d.message());
  }
}
