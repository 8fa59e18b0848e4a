package dev.voicebridge.web;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /health}: whether the store answers, the last gateway status, uptime — what a process
 * supervisor or a home-automation dashboard polls. 200 when the store answers (the body says "degraded" when
 * the gateway is away: restarting the bridge would not bring it back), 503 otherwise.
 */
final class HealthHandler implements Handler<RoutingContext> {

  private static final long STATS_MAX_AGE_NANOS = 5_000_000_000L;

  private final Instant started = Instant.now();
  private final StoreClient store;
  private JsonObject gateway = new JsonObject().put("state", "unknown");
  /** The store's statistics scan every turn: a dashboard polling every second shares one per interval. */
  private Future<StoreStats> stats;
  private long statsAt;

  HealthHandler(EventBus bus) {
    this.store = new StoreClient(bus);
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> gateway = BusJson.encode(s));
  }

  private Future<StoreStats> recentStats() {
    long now = System.nanoTime();
    if (stats == null || now - statsAt > STATS_MAX_AGE_NANOS || stats.failed()) {
      stats = store.stats();
      statsAt = now;
    }
    return stats;
  }

  @Override
  public void handle(RoutingContext ctx) {
    recentStats().onComplete(ar -> {
      JsonObject body = new JsonObject()
          .put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds())
          .put("gateway", gateway);
      boolean linked = "connected".equals(gateway.getString("state"));
      if (ar.succeeded()) {
        body.put("status", linked ? "ok" : "degraded").put("store", new JsonObject()
            .put("sessions", ar.result().sessions()).put("activeSessions", ar.result().activeSessions())
            .put("turns", ar.result().turns()));
      } else {
        body.put("status", "degraded").put("store", new JsonObject().put("error", ar.cause().getMessage()));
      }
      if (!linked) {
        body.put("problem", "the gateway is " + gateway.getString("state", "unknown")
            + (gateway.getString("reason") == null ? "" : ": " + gateway.getString("reason")));
      }
      ctx.response().setStatusCode(ar.succeeded() ? 200 : 503)
          .putHeader("content-type", "application/json").end(body.encodePrettily());
    });
  }
}
