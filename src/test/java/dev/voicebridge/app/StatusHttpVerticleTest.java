package dev.voicebridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.testkit.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class StatusHttpVerticleTest {

  @TempDir
  Path dir;

  @Test
  void healthReportsStoreAndGatewayState(Vertx vertx) throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    BridgeConfig config = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("s.db").toString(),
        "http.enabled", "true", "http.port", Integer.toString(port)));
    // The bridge's own gateway client finds no gateway and says so; the test's status comes after that.
    java.util.concurrent.CompletableFuture<Void> ownStatus = new java.util.concurrent.CompletableFuture<>();
    Bus.on(vertx.eventBus(), Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> {
      if (s.state() == LinkState.DISCONNECTED) {
        ownStatus.complete(null);
      }
    });
    BridgeApp app = Await.result(BridgeApp.start(vertx, config, BridgeApp.Mode.VOICE));
    assertEquals(true, app.deployed().contains("status-http"));
    ownStatus.get(30, java.util.concurrent.TimeUnit.SECONDS);
    var client = vertx.createHttpClient();
    JsonObject json = null;
    for (int attempt = 0; attempt < 50; attempt++) { // the status event reaches the verticle asynchronously
      Bus.publish(vertx.eventBus(), Addresses.GATEWAY_STATUS, new GatewayStatus(LinkState.CONNECTED, "ws://x", "2026.9.6",
          "c1", "main", 0L, null, null, null, null, null));
      // read the body in the same chain: a response body is not kept for a handler attached later
      JsonObject reply = Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/health")
          .compose(req -> req.send())
          .compose(resp -> resp.body().map(b -> new JsonObject().put("code", resp.statusCode())
              .put("body", b.toJsonObject()))));
      assertEquals(200, reply.getInteger("code"));
      json = reply.getJsonObject("body");
      if ("connected".equals(json.getJsonObject("gateway").getString("state"))) {
        break;
      }
      Thread.sleep(20);
    }
    assertEquals("ok", json.getString("status"));
    assertEquals(0L, json.getJsonObject("store").getLong("sessions"));
    assertEquals("connected", json.getJsonObject("gateway").getString("state"));
    assertEquals(404, Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/nope")
        .compose(req -> req.send())).statusCode());
    for (HttpMethod m : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE)) {
      assertEquals(405, Await.result(client.request(m, port, "127.0.0.1", "/health")
          .compose(req -> req.send())).statusCode(), m.name());
    }
    // the gateway goes away: the process is fine, the body says what is wrong
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_STATUS, new GatewayStatus(LinkState.DISCONNECTED, "ws://x", null,
        null, null, null, 1006, "gone", true, 1000L, null));
    JsonObject down = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      down = Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/health").compose(req -> req.send())
          .compose(resp -> resp.body().map(b -> b.toJsonObject())));
      if ("degraded".equals(down.getString("status"))) {
        break;
      }
      Thread.sleep(20);
    }
    assertEquals("degraded", down.getString("status"), down.encode());
    assertTrue(down.getString("problem").contains("disconnected"), down.encode());
  }

  @Test
  void beyondLoopbackItNeedsAToken(Vertx vertx) throws Exception {
    BridgeConfig open = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("s.db").toString(),
        "http.enabled", "true", "http.host", "0.0.0.0"));
    Throwable refused = assertThrows(Exception.class, () -> Await.result(BridgeApp.start(vertx, open,
        BridgeApp.Mode.VOICE)));
    assertTrue(String.valueOf(refused.getMessage()).contains("http.token"), String.valueOf(refused.getMessage()));

    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Vertx other = Vertx.vertx();
    try {
      BridgeConfig guarded = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("t.db").toString(),
          "http.enabled", "true", "http.host", "0.0.0.0", "http.port", Integer.toString(port), "http.token", "s3cret"));
      Await.result(BridgeApp.start(other, guarded, BridgeApp.Mode.VOICE));
      var client = other.createHttpClient();
      assertEquals(401, Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/health")
          .compose(req -> req.send())).statusCode());
      assertEquals(401, Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/health")
          .compose(req -> req.putHeader("authorization", "Bearer wrong").send())).statusCode());
      assertEquals(200, Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/health")
          .compose(req -> req.putHeader("authorization", "Bearer s3cret").send())).statusCode());
    } finally {
      Await.result(other.close());
    }
  }

  @Test
  void disabledByDefault(Vertx vertx) {
    BridgeConfig config = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("s.db").toString()));
    BridgeApp app = Await.result(BridgeApp.start(vertx, config, BridgeApp.Mode.VOICE));
    assertEquals(false, app.deployed().contains("status-http"));
  }
}
