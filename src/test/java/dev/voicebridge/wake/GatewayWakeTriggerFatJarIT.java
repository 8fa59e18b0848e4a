package dev.voicebridge.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.RawGatewayClient;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.GatewaySettings;
import dev.voicebridge.models.ModelsDirectory;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.SpeechFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's wake triggers, changed live, as a user meets them: the fat jar runs with the Vosk phrase
 * engine on a spoken WAV in real time; once it is connected, another client (a phone) sets the triggers to
 * "hey robot". Then "computer, …" (one of the gateway's default triggers, no longer set) must not wake it,
 * and "hey robot, tell me a riddle" must — and that turn reaches the gateway's session.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatewayWakeTriggerFatJarIT {

  static final Path JAR = Path.of("target", "voice-bridge.jar").toAbsolutePath();
  private static final String SESSION = "wake-trigger-it";

  @TempDir
  Path home;

  @Test
  void aTriggerSetFromAnotherDeviceWakesTheRunningBridgeAndTheOldOneNoLongerDoes() throws Exception {
    SpeechFixtures.requireModels();
    SharedGateway shared = SharedGateway.get();
    shared.model().when("riddle", MockModel.Text.of("What has keys but cannot open locks? A piano."));
    // 14 s to start, connect and take the new triggers; then the old trigger, then the new one.
    SpeechTrack track = new SpeechTrack().silence(14_000).say("computer, what is the weather").silence(2500)
        .say("hey robot").silence(250).say("tell me a riddle").silence(8000);
    long oldAtMs = track.parts().get(0).startMs();
    long newAtMs = track.parts().get(1).startMs();
    Path question = track.writeWav(home.resolve("question.wav"));
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", JAR.toString(), "run",
        "--set", "gateway.url=" + shared.url(), "--set", "gateway.sessionKey=" + SESSION,
        "--set", "wake.engine=vosk", "--set", "audio.input.source=file", "--set", "audio.input.file=" + question,
        "--set", "audio.output.sink=null", "--set", "http.enabled=false");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VOICE_BRIDGE_"));
    pb.environment().put("VOICE_BRIDGE_GATEWAY_TOKEN", shared.token());
    pb.environment().put("VOICE_BRIDGE_MODELS", ModelsDirectory.standard().root().toString());
    GatewaySettings other = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.url", shared.url(),
        "gateway.token", shared.token())));
    RawGatewayClient phone = RawGatewayClient.connect(shared.vertx(), other, DeviceIdentity.generate())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    Process p = pb.start();
    List<String> log = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.add(line);
        }
      } catch (IOException e) {
        // the process ended
      }
    });
    reader.start();
    try {
      await(() -> has(log, "connected to the OpenClaw gateway"), 90, log);
      phone.request("voicewake.set", new JsonObject().put("triggers", new JsonArray().add("hey robot")))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      await(() -> has(log, "transcript") && shared.model().requests("riddle") > 0, 120, log);
      JsonObject history = phone.request("chat.history", new JsonObject().put("sessionKey", SESSION).put("limit", 10))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertTrue(history.encode().contains("riddle"), "the woken turn reached the session: " + history.encode());
    } finally {
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      p.waitFor(60, TimeUnit.SECONDS);
      reader.join(10_000);
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

  private static boolean has(List<String> log, String text) {
    return log.stream().anyMatch(l -> l.contains(text));
  }

  private static void await(BooleanSupplier condition, int seconds, List<String> log) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out; the bridge said:\n" + String.join("\n", log));
      Thread.sleep(200);
    }
  }
}
