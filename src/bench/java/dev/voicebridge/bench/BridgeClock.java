package dev.voicebridge.bench;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.SessionMessages.SessionRecovered;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * When the bridge announced what, as its own event bus delivered it: the gateway benchmark's stopwatch on
 * the bridge side (send issued, ack delivered, turn answered, connected, session recovered). Bus
 * interceptors and listeners record the instants; the benchmark thread waits on them.
 */
final class BridgeClock {
  private final Map<String, Long> answered = new ConcurrentHashMap<>();
  private final List<Long> connected = new CopyOnWriteArrayList<>();
  private final List<Long> recovered = new CopyOnWriteArrayList<>();

  /** When the session verticle asked the gateway client to send the current turn (gateway.send). */
  volatile long sendIssued;
  /** When the gateway client's reply to that gateway.send (the gateway's ack) reached the session verticle. */
  volatile long ackDelivered;
  private volatile String ackAddress;
  private final Duration timeout;

  BridgeClock(Vertx vertx, Duration timeout) {
    this.timeout = timeout;
    vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (Addresses.GATEWAY_SEND.equals(ctx.message().address()) && sendIssued == 0) {
        sendIssued = System.nanoTime();
        ackAddress = ctx.message().replyAddress();
      }
      ctx.next();
    });
    vertx.eventBus().addInboundInterceptor(ctx -> {
      String reply = ackAddress;
      if (reply != null && reply.equals(ctx.message().address()) && ackDelivered == 0) {
        ackDelivered = System.nanoTime();
      }
      ctx.next();
    });
    Bus.on(vertx.eventBus(), Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class, a -> {
      answered.putIfAbsent(a.sessionUuid() + "#" + a.userTurnIndex(), System.nanoTime());
      synchronized (this) {
        notifyAll();
      }
    });
    Bus.on(vertx.eventBus(), Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> {
      if (s.state() == LinkState.CONNECTED && s.eventsLost() == null) {
        connected.add(System.nanoTime());
        synchronized (this) {
          notifyAll();
        }
      }
    });
    Bus.on(vertx.eventBus(), Addresses.SESSION_RECOVERED, SessionRecovered.class, r -> {
      recovered.add(System.nanoTime());
      synchronized (this) {
        notifyAll();
      }
    });
  }

  long answered(String sessionUuid, int turnIndex) throws InterruptedException {
    return waitFor(() -> answered.get(sessionUuid + "#" + turnIndex), "turn " + turnIndex + " was not answered");
  }

  void awaitConnected() throws InterruptedException {
    waitFor(() -> connected.isEmpty() ? null : connected.get(0), "the bridge did not connect");
  }

  int connects() {
    return connected.size();
  }

  int recoveries() {
    return recovered.size();
  }

  long connectedAt(int count) throws InterruptedException {
    return waitFor(() -> connected.size() >= count ? connected.get(count - 1) : null, "no reconnect");
  }

  long awaitRecovery(int count) throws InterruptedException {
    return waitFor(() -> recovered.size() >= count ? recovered.get(count - 1) : null, "no session.recovered");
  }

  private synchronized long waitFor(Supplier<Long> value, String failure)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Long v;
    while ((v = value.get()) == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IllegalStateException(failure + " within " + timeout.toSeconds() + " s");
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
    return v;
  }
}
