package dev.voicebridge.app;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} on {@code http.host:http.port} (off unless {@code http.enabled}): whether the store
 * answers, the last gateway status, uptime. 200 when the store answers, 503 otherwise — what a process
 * supervisor or a home-automation dashboard polls. Binds to loopback by default: it says nothing secret, but
 * nothing is exposed unless asked for.
 */
public final class StatusHttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StatusHttpVerticle.class);
  private static final long STATS_MAX_AGE_NANOS = 5_000_000_000L;

  private final String host;
  private final int port;
  private final Instant started = Instant.now();
  private JsonObject gateway = new JsonObject().put("state", "unknown");
  private HttpServer server;
  private StoreClient store;
  /** The store's statistics scan every turn: a dashboard polling every second shares one per interval. */
  private Future<StoreStats> stats;
  private long statsAt;

  public StatusHttpVerticle(BridgeConfig config) {
    this.host = config.string("http.host");
    this.port = config.integer("http.port");
    this.token = config.string("http.token");
  }

  private final String token;

  /** Whether {@code host} keeps the endpoint on this machine (127.0.0.0/8, ::1, localhost). */
  static boolean loopback(String host) {
    String h = host.strip().toLowerCase(java.util.Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }

  @Override
  public Future<?> start() {
    if (!loopback(host) && token.isBlank()) {
      // privacy by default: nothing listens beyond this machine without authentication
      return Future.failedFuture(new BridgeException("http.host " + host + " reaches beyond this machine: set "
          + "http.token (clients then send Authorization: Bearer TOKEN), or keep http.host at 127.0.0.1"));
    }
    Bus.on(vertx.eventBus(), Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> gateway = BusJson.encode(s));
    store = new StoreClient(vertx.eventBus());
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(port, host)
        .onSuccess(s -> LOG.info("status endpoint on http://{}:{}/health", host, s.actualPort()))
        .recover(err -> Future.failedFuture(new BridgeException("cannot serve the status endpoint on " + host + ":"
            + port + " (" + err.getMessage() + "); choose another http.port or set http.enabled to false")));
  }

  /** The bearer token, compared in constant time. */
  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return java.security.MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private Future<StoreStats> recentStats() {
    long now = System.nanoTime();
    if (stats == null || now - statsAt > STATS_MAX_AGE_NANOS || stats.failed()) {
      stats = store.stats();
      statsAt = now;
    }
    return stats;
  }

  private void handle(HttpServerRequest req) {
    if (!"/health".equals(req.path())) {
      req.response().setStatusCode(404).end();
      return;
    }
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().setStatusCode(405).putHeader("allow", "GET, HEAD").end();
      return;
    }
    if (!token.isBlank() && !authorized(req.getHeader("authorization"))) {
      req.response().setStatusCode(401).putHeader("www-authenticate", "Bearer").end();
      return;
    }
    recentStats().transform(ar -> {
      JsonObject body = new JsonObject()
          .put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds())
          .put("gateway", gateway);
      boolean linked = "connected".equals(gateway.getString("state"));
      if (ar.succeeded()) {
        // the process is fine (200): a supervisor restarting it would not bring the gateway back; the body
        // says what is wrong
        body.put("status", linked ? "ok" : "degraded").put("store", new JsonObject().put("sessions", ar.result().sessions())
            .put("activeSessions", ar.result().activeSessions()).put("turns", ar.result().turns()));
      } else {
        body.put("status", "degraded").put("store", new JsonObject().put("error", ar.cause().getMessage()));
      }
      if (!linked) {
        body.put("problem", "the gateway is " + gateway.getString("state", "unknown")
            + (gateway.getString("reason") == null ? "" : ": " + gateway.getString("reason")));
      }
      return req.response().setStatusCode(ar.succeeded() ? 200 : 503)
          .putHeader("content-type", "application/json").end(body.encodePrettily());
    });
  }
}
