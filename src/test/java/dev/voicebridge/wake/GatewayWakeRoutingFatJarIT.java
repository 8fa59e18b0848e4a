package dev.voicebridge.wake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.RawGatewayClient;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.bench.BridgeProcess;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.SpeechFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A routed wake trigger, as a user with two assistants meets it: the gateway routes "hey robot" to the
 * session "routed-it" (its wake routing, kept in its state database — 2026.9.6 has no method to set it);
 * the fat jar runs with the Vosk phrase engine on a spoken WAV in real time, in its own session. "hey
 * robot, what time is it" must land in the routed session, not in the bridge's own — the gateway applies
 * routes only in its agent method, so the bridge follows them itself.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatewayWakeRoutingFatJarIT {

  private static final String OWN = "wake-route-own";
  private static final String ROUTED = "routed-it";

  @TempDir
  Path home;

  @Test
  void aRoutedTriggersTurnLandsInItsSessionNotTheBridgesOwn() throws Exception {
    SpeechFixtures.requireModels();
    SharedGateway shared = SharedGateway.get();
    Path db = shared.gateway().stateDatabase();
    String routing = new JsonObject().put("version", 1).put("defaultTarget", new JsonObject().put("mode", "current"))
        .put("routes", new JsonArray().add(new JsonObject().put("trigger", "Hey, Robot!")
            .put("target", new JsonObject().put("sessionKey", ROUTED))))
        .put("updatedAtMs", System.currentTimeMillis()).encode();
    writeRouting(db, routing);
    RawGatewayClient phone = shared.client();
    Path question = new SpeechTrack().silence(12_000).say("hey robot").silence(250).say("what time is it")
        .silence(10_000).writeWav(home.resolve("question.wav"));
    try {
      phone.request("voicewake.set", new JsonObject().put("triggers", new JsonArray().add("hey robot")))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      try (BridgeProcess bridge = BridgeProcess.start(home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", shared.token()),
          "run", "--set", "gateway.url=" + shared.url(), "--set", "gateway.sessionKey=" + OWN,
          "--set", "wake.engine=vosk", "--set", "audio.input.source=file", "--set", "audio.input.file=" + question,
          "--set", "audio.output.sink=null", "--set", "http.enabled=false")) {
        bridge.await(() -> bridge.said("routes this turn to session " + ROUTED), 120);
        bridge.await(() -> history(phone, ROUTED).contains("\"role\":\"user\""), 60);
        String own = history(phone, OWN);
        assertFalse(own.contains("\"role\":\"user\""), "the bridge's own session got no turn: " + own);
        assertTrue(bridge.said("session " + ROUTED + ": a conversation of its own"), bridge.text());
      }
    } finally {
      writeRouting(db, null);
      phone.request("voicewake.set", new JsonObject().put("triggers", new JsonArray()))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      phone.close();
    }
  }

  private static String history(RawGatewayClient client, String session) {
    return client.request("chat.history", new JsonObject().put("sessionKey", session).put("limit", 10))
        .toCompletionStage().toCompletableFuture().join().encode();
  }

  /** The routing as the gateway keeps it (null: none, the gateway's default). */
  private static void writeRouting(Path db, String json) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      c.createStatement().execute("PRAGMA busy_timeout = 10000");
      if (json == null) {
        c.createStatement().execute("DELETE FROM config_machine_state WHERE state_key = 'voicewake.routing'");
        return;
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO config_machine_state(state_key, value_json, "
          + "updated_at_ms) VALUES ('voicewake.routing', ?, ?) ON CONFLICT(state_key) DO UPDATE SET "
          + "value_json = excluded.value_json, updated_at_ms = excluded.updated_at_ms")) {
        p.setString(1, json);
        p.setLong(2, System.currentTimeMillis());
        p.executeUpdate();
      }
    }
  }
}
