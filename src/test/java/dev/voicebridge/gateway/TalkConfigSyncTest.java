package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TalkConfigSyncTest {

  @Test
  void aFullTalkSectionAsThe2026Point9GatewayReturnsIt() {
    JsonObject payload = new JsonObject("""
        {"config":{"talk":{"provider":"openai",
          "providers":{"openai":{"voiceId":"alloy","modelId":"tts-1","apiKey":"__OPENCLAW_REDACTED__"}},
          "resolved":{"provider":"openai","config":{"voiceId":"coral","apiKey":"__OPENCLAW_REDACTED__"}},
          "speechLocale":"en-US","interruptOnSpeech":true,"silenceTimeoutMs":900},
          "session":{"mainKey":"main"}}}""");
    assertEquals(Optional.of(new TalkConfig(900, true, "en-US", "openai", "coral")), TalkConfigSync.parse(payload));
  }

  @Test
  void theGatewayFillsNoDefaultsSoWhatIsMissingStaysUnset() {
    assertEquals(Optional.of(TalkConfig.NONE), TalkConfigSync.parse(new JsonObject("{\"config\":{}}")));
    TalkConfig onlyVoice = TalkConfigSync.parse(new JsonObject(
        "{\"config\":{\"talk\":{\"providers\":{\"elevenlabs\":{\"voiceId\":\"v1\"}}}}}")).orElseThrow();
    assertEquals(new TalkConfig(null, null, null, "elevenlabs", "v1"), onlyVoice, "the sole provider is the active one");
  }

  @Test
  void valuesOfTheWrongTypeOrOutOfRangeCountAsUnset() {
    TalkConfig t = TalkConfigSync.parse(new JsonObject(
        "{\"config\":{\"talk\":{\"silenceTimeoutMs\":0,\"interruptOnSpeech\":\"yes\",\"speechLocale\":\" \"}}}"))
        .orElseThrow();
    assertEquals(TalkConfig.NONE, t);
    assertEquals(null, TalkConfigSync.parse(new JsonObject(
        "{\"config\":{\"talk\":{\"silenceTimeoutMs\":850.5}}}")).orElseThrow().silenceTimeoutMs());
  }

  @Test
  void somethingElseIsNotATalkConfig() {
    assertTrue(TalkConfigSync.parse(new JsonObject("{\"talk\":{}}")).isEmpty());
    assertTrue(TalkConfigSync.parse(null).isEmpty());
  }
}
