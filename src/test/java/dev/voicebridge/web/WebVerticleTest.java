package dev.voicebridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.app.BridgeApp;
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
/**
 * The web server as the bridge deploys it: /health, the token beyond loopback, a busy port, the buttons'
 * guard and the event stream. (The page in a real browser: LivePageIT.)
 */
class WebVerticleTest {

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
    assertEquals(true, app.deployed().contains("web"));
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
  void beyondLoopbackATokenIsMadeAtTheFirstStartKeptPrivateAndRequired(Vertx vertx) throws Exception {
    int port = freePort();
    Path tokenFile = dir.resolve("data").resolve("http-token");
    BridgeConfig open = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("s.db").toString(),
        "http.host", "0.0.0.0", "http.port", Integer.toString(port), "http.tokenFile", tokenFile.toString()));
    BridgeApp app = Await.result(BridgeApp.start(vertx, open, BridgeApp.Mode.VOICE));
    assertTrue(app.deployed().contains("web"));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(tokenFile)));
    String token = java.nio.file.Files.readString(tokenFile).strip();
    var client = vertx.createHttpClient();
    for (String path : List.of("/health", "/metrics", "/events", "/api/turns")) {
      assertEquals(401, status(client, HttpMethod.GET, port, path, null), path);
      assertEquals(401, status(client, HttpMethod.GET, port, path, "Bearer not-" + token), path);
    }
    assertEquals(200, status(client, HttpMethod.GET, port, "/health", "Bearer " + token));
    assertEquals(200, status(client, HttpMethod.GET, port, "/", null)); // the page: the jar's code, nothing more
  }

  @Test
  void aBusyPortLeavesTheBridgeRunningWithAWarning(Vertx vertx) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        dev.voicebridge.testkit.LogCapture log = new dev.voicebridge.testkit.LogCapture()) {
      BridgeConfig config = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("s.db").toString(),
          "http.port", Integer.toString(taken.getLocalPort())));
      BridgeApp app = Await.result(BridgeApp.start(vertx, config, BridgeApp.Mode.VOICE));
      assertTrue(app.deployed().contains("session"));
      assertTrue(log.lines().stream().anyMatch(l -> l.contains("not served") && l.contains("in use")),
          String.join("\n", log.lines()));
    }
  }

  @Test
  void theButtonsWorkOnlyAsJsonFromThisPageAndTheStreamStartsWithTheState(Vertx vertx) throws Exception {
    int port = freePort();
    BridgeConfig config = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("s.db").toString(),
        "http.port", Integer.toString(port)));
    Await.result(BridgeApp.start(vertx, config, BridgeApp.Mode.VOICE));
    java.util.concurrent.CompletableFuture<JsonObject> stopped = new java.util.concurrent.CompletableFuture<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.TTS_STOP, m -> stopped.complete(m.body()));
    var client = vertx.createHttpClient();
    String origin = "http://127.0.0.1:" + port;
    assertEquals(415, post(client, port, "/api/stop", "text/plain", null, "{}").getInteger("code"));
    assertEquals(403, post(client, port, "/api/stop", "application/json", "https://evil.example", "{}")
        .getInteger("code"));
    assertEquals(202, post(client, port, "/api/stop", "application/json", origin, "{}").getInteger("code"));
    assertEquals("page", stopped.get(10, java.util.concurrent.TimeUnit.SECONDS).getString("reason"));
    JsonObject empty = post(client, port, "/api/say", "application/json", origin, "{\"text\": \"  \"}");
    assertEquals(400, empty.getInteger("code"));
    assertTrue(empty.getJsonObject("body").getString("error").contains("1 to 4000"), empty.encode());
    assertEquals(400, post(client, port, "/api/say", "application/json", origin, "[1,2]").getInteger("code"));
    assertEquals(400, post(client, port, "/api/talk", "application/json", origin, "{\"action\": \"shout\"}")
        .getInteger("code"));
    JsonObject muted = post(client, port, "/api/mute", "application/json", origin, "{\"muted\": true}");
    assertEquals(200, muted.getInteger("code"), muted.encode());
    assertEquals(true, muted.getJsonObject("body").getBoolean("muted"));
    // the stream: the latest state first
    String first = Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/events")
        .compose(req -> req.send())
        .compose(resp -> {
          io.vertx.core.Promise<String> seen = io.vertx.core.Promise.promise();
          StringBuilder text = new StringBuilder();
          resp.handler(chunk -> {
            text.append(chunk.toString());
            if (text.indexOf("event: state") >= 0 && text.indexOf("\n\n", text.indexOf("event: state")) > 0) {
              seen.tryComplete(text.toString());
            }
          });
          return seen.future();
        }));
    assertTrue(first.contains("\"state\":\"muted\""), first);
    String metrics = Await.result(client.request(HttpMethod.GET, port, "127.0.0.1", "/metrics")
        .compose(req -> req.send()).compose(resp -> resp.body()).map(Object::toString));
    assertTrue(metrics.contains("voicebridge_turn_stage_seconds_bucket{stage=\"first_audio\""), metrics);
    assertTrue(metrics.contains("voicebridge_store_commit_seconds_count"), metrics);
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  private static int status(io.vertx.core.http.HttpClient client, HttpMethod method, int port, String path,
      String authorization) {
    return Await.result(client.request(method, port, "127.0.0.1", path).compose(req -> {
      if (authorization != null) {
        req.putHeader("authorization", authorization);
      }
      return req.send();
    }).compose(resp -> {
      int code = resp.statusCode();
      resp.request().reset(); // an event stream would never end
      return io.vertx.core.Future.succeededFuture(code);
    }));
  }

  private static JsonObject post(io.vertx.core.http.HttpClient client, int port, String path, String type,
      String origin, String body) {
    return Await.result(client.request(HttpMethod.POST, port, "127.0.0.1", path).compose(req -> {
      req.putHeader("content-type", type);
      if (origin != null) {
        req.putHeader("origin", origin);
      }
      return req.send(body);
    }).compose(resp -> resp.body().map(b -> new JsonObject().put("code", resp.statusCode())
        .put("body", b.length() == 0 ? new JsonObject() : b.toJsonObject()))));
  }

  @Test
  void aConfiguredTokenIsRequiredBeyondLoopback() throws Exception {
    int port = freePort();
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
}
