package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.WavDecoder;
import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.RawGatewayClient;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.SpeakRequest;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import dev.voicebridge.testkit.Pitch;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.TestBridge;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's Talk settings and Talk voice, from a real OpenClaw gateway whose OpenAI speech provider points
 * at the mock model server (espeak-ng in a high female voice the bridge's own engine never uses).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealGatewayTalkTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  static Path dir;

  static SharedGateway shared;
  static MockModel model;
  static TestBridge bridge;

  @BeforeAll
  static void startBridge() {
    shared = SharedGateway.get();
    model = shared.model();
    bridge = TestBridge.connected(dir, shared, "talk-test");
  }

  @AfterAll
  static void stopBridge() {
    if (bridge != null) {
      bridge.close();
    }
  }

  private static SpeakResult speak(String text) {
    return bridge.await(Bus.request(bridge.vertx().eventBus(), Addresses.GATEWAY_SPEAK, new SpeakRequest(text, 20_000),
        SpeakResult.class, new DeliveryOptions().setSendTimeout(30_000)));
  }

  @Test
  void aSentenceIsSynthesisedInTheUsersTalkVoiceAtTheGateway() {
    TalkConfig talk = bridge.bus().await(Addresses.GATEWAY_TALK, TalkConfig.class, t -> t.provider() != null, WAIT);
    assertEquals("openai", talk.provider());
    assertEquals("alloy", talk.voiceId());
    int before = model.speechRequests().size();

    SpeakResult clip = speak("The kitchen timer is done.");

    assertEquals("talk.speak", clip.method());
    assertEquals("wav", clip.outputFormat());
    JsonObject asked = model.speechRequests().get(before);
    assertEquals("The kitchen timer is done.", asked.getString("input"), asked.encode());
    assertEquals("wav", asked.getString("response_format"));
    WavDecoder.Clip audio = WavDecoder.decode(Base64.getDecoder().decode(clip.audioBase64()), "talk.speak");
    assertTrue(audio.durationMs() > 800, "a sentence of speech: " + audio.durationMs() + " ms");
    double hz = Pitch.medianHz(audio.mono(), audio.sampleRate());
    assertTrue(hz > 180, "the mock provider's high voice came back, not a local one: " + hz + " Hz");
  }

  @Test
  void talkSettingsChangedAtTheGatewayReachTheBusWithoutAReconnect() throws Exception {
    bridge.bus().await(Addresses.GATEWAY_TALK, TalkConfig.class, t -> true, WAIT);
    RawGatewayClient admin = shared.client("operator.read", "operator.write", "operator.admin");
    try {
      patch(admin, new JsonObject().put("silenceTimeoutMs", 1400).put("interruptOnSpeech", false));
      TalkConfig changed = bridge.bus().await(Addresses.GATEWAY_TALK, TalkConfig.class,
          t -> Integer.valueOf(1400).equals(t.silenceTimeoutMs()), WAIT);
      assertEquals(Boolean.FALSE, changed.interruptOnSpeech());
      assertEquals("openai", changed.provider(), "the rest of Talk is unchanged");
    } finally {
      patch(admin, new JsonObject().putNull("silenceTimeoutMs").putNull("interruptOnSpeech"));
      admin.close();
    }
    bridge.bus().await(Addresses.GATEWAY_TALK, TalkConfig.class, t -> t.silenceTimeoutMs() == null, WAIT);
  }

  @Test
  void aFailingSpeechProviderIsAClearErrorOnTheBus() {
    model.speech(MockModel.Speech.DEFAULT.failing(500));
    try {
      Exception e = assertThrows(Exception.class, () -> speak("This will not be heard."));
      assertTrue(e.getMessage().contains("talk.speak"), e.getMessage());
    } finally {
      model.speech(MockModel.Speech.DEFAULT);
    }
  }

  /** A JSON merge patch of the gateway's {@code talk} section, as the Control UI writes it. */
  private static void patch(RawGatewayClient admin, JsonObject talk) throws ExecutionException, InterruptedException,
      java.util.concurrent.TimeoutException {
    JsonObject current = admin.request("config.get", new JsonObject()).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    admin.request("config.patch", new JsonObject().put("raw", new JsonObject().put("talk", talk).encode())
        .put("baseHash", current.getString("hash"))).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
