package dev.voicebridge.app;

import dev.voicebridge.metrics.Meters;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The Vert.x instance the bridge runs on: ONE event loop.
 *
 * <p>Vert.x sizes its event-loop pool for servers with many connections (two per core) and spreads
 * verticles over it, so every event-bus message between the bridge's verticles crossed threads: a wake-up
 * and a hand-off per hop, several per turn (input, store, gateway client and back). The bridge has one
 * gateway connection and a handful of messages per turn, and everything heavy (inference, JDBC, audio
 * devices, processes) already runs on worker threads, so one event loop carries it with room to spare and
 * the hops become plain task hand-offs on the same thread. {@code bench gateway} measured about 0.5 ms less
 * on each side of a turn (see docs/gateway.md).
 */
public final class BridgeVertx {

  private BridgeVertx() {
  }

  /** With its metrics (Vert.x, JVM, process and the bridge's own) in a Prometheus registry of its own. */
  public static Vertx create() {
    return Meters.vertx(new VertxOptions().setEventLoopPoolSize(1));
  }
}
