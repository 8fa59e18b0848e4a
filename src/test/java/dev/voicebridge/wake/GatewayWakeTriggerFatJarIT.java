package dev.voicebridge.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.RawGatewayClient;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.bench.BridgeProcess;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.SpeechFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's wake triggers, changed live, as a user meets them: the fat jar runs with the Vosk phrase
 * engine on a spoken WAV in real time; once it is connected, another client (a phone) sets the triggers to
 * "hey robot". Then "computer, …" (one of the gateway's default triggers, no longer set) must not wake it,
 * and "hey robot, what time is it" must — and that turn reaches the gateway's session.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatewayWakeTriggerFatJarIT {

  private static final String SESSION = "wake-trigger-it";

  @TempDir
  Path home;

  @Test
  void aTriggerSetFromAnotherDeviceWakesTheRunningBridgeAndTheOldOneNoLongerDoes() throws Exception {
    SpeechFixtures.requireModels();
    SharedGateway shared = SharedGateway.get();
    // 14 s to start, connect and take the new triggers; then the old trigger, then the new one.
    SpeechTrack track = new SpeechTrack().silence(14_000).say("computer, what is the weather").silence(2500)
        .say("hey robot").silence(250).say("what time is it").silence(8000);
    long oldAtMs = track.parts().get(0).startMs();
    long newAtMs = track.parts().get(1).startMs();
    Path question = track.writeWav(home.resolve("question.wav"));
    RawGatewayClient phone = shared.client();
    List<String> log;
    try (BridgeProcess bridge = BridgeProcess.start(home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", shared.token()), "run",
        "--set", "gateway.url=" + shared.url(), "--set", "gateway.sessionKey=" + SESSION,
        "--set", "wake.engine=vosk", "--set", "audio.input.source=file", "--set", "audio.input.file=" + question,
        "--set", "audio.output.sink=null", "--set", "http.enabled=false")) {
      bridge.await(() -> bridge.said("connected to the OpenClaw gateway"), 90);
      phone.request("voicewake.set", new JsonObject().put("triggers", new JsonArray().add("hey robot")))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      bridge.await(() -> bridge.said("transcript"), 120);
      // The woken turn reaches the gateway's session (whatever the small model made of the words).
      JsonObject[] history = {null};
      bridge.await(() -> {
        history[0] = phone.request("chat.history", new JsonObject().put("sessionKey", SESSION).put("limit", 10))
            .toCompletionStage().toCompletableFuture().join();
        return history[0].encode().contains("\"role\":\"user\"");
      }, 60);
      log = bridge.log();
    } finally {
      phone.request("voicewake.set", new JsonObject().put("triggers", new JsonArray()))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS); // back to the gateway's defaults
      phone.close();
    }
    List<String> wakes = log.stream().filter(l -> l.contains("ListenerVerticle - wake word '")).toList();
    assertEquals(1, wakes.size(), "one wake, by the new trigger only:\n" + String.join("\n", log));
    assertTrue(wakes.get(0).contains("'hey robot'"), wakes.get(0));
    long atMs = Long.parseLong(wakes.get(0).replaceAll(".* at (\\d+) ms.*", "$1"));
    assertTrue(atMs > newAtMs && atMs > oldAtMs + 2000, "woken by the new trigger's audio at " + atMs + " ms");
  }
}
