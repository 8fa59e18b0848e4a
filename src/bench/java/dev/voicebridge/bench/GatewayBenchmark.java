package dev.voicebridge.bench;

import dev.voicebridge.base.Futures;
import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.UserInput;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.GatewayFrame;
import dev.voicebridge.gateway.GatewaySettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the bridge adds to a turn with a real OpenClaw gateway, against a raw WebSocket client in the same
 * run (same gateway, same instant mock model, turns alternating so both see the same conditions).
 *
 * <ul>
 *   <li>input: {@code session.input} → the turn is stored and acknowledged by the gateway (the bridge),
 *       against chat.send → acknowledgement (raw);
 *   <li>output: the run's {@code chat final} frame → the reply is stored and {@code session.turn.answered}
 *       published. The raw client, connected to the same gateway, receives the same final frame (the
 *       gateway broadcasts run events to every operator connection) and is the clock's start;
 *   <li>overhead per turn = (bridge input − raw acknowledgement of the neighbouring raw turn) + output;
 *   <li>before sending: {@code session.input} → the session verticle's {@code gateway.send} (the turn is
 *       committed first), measured inside the bridge, without the gateway's noise;
 *   <li>reconnect: a gateway restart (SIGTERM, start again), from the bridge's {@code hello-ok}
 *       ({@code gateway.status} CONNECTED) to {@code session.recovered}.
 * </ul>
 */
public final class GatewayBenchmark {

  /** The figures, in milliseconds. */
  public record Result(int turns, Percentiles rawAck, Percentiles bridgeInput, Percentiles rawTurn,
      Percentiles bridgeTurn, Percentiles bridgeOutput, Percentiles bridgeBeforeSend, Percentiles bridgeGatewayAck,
      Percentiles overhead,
      Percentiles resumed,
      Percentiles historyAfterRestart) {

    public JsonObject toJson() {
      return new JsonObject().put("turns", turns)
          .put("rawAck", rawAck.toJson()).put("bridgeInput", bridgeInput.toJson())
          .put("rawTurn", rawTurn.toJson()).put("bridgeTurn", bridgeTurn.toJson())
          .put("bridgeOutput", bridgeOutput.toJson()).put("bridgeBeforeSend", bridgeBeforeSend.toJson())
          .put("bridgeGatewaySendToAck", bridgeGatewayAck.toJson())
          .put("overheadPerTurn", overhead.toJson())
          .put("helloOkToRecovered", resumed.toJson()).put("chatHistoryAfterRestart", historyAfterRestart.toJson());
    }
  }

  private static final String RAW_SESSION = "bench-raw";
  private static final String BRIDGE_SESSION = "bench-bridge";
  private static final Duration TURN_TIMEOUT = Duration.ofSeconds(120);

  private final int turns;
  private final int restarts;
  /** Turns of each client before measuring, so both run compiled code (the JIT), not the interpreter. */
  private final int warmup;
  /**
   * Idle time before each turn, the same for both clients. The gateway goes on working for tens of ms
   * after it sends a run's final (transcripts, session files); back to back, the next turn would measure
   * that tail, and a person does not speak again within milliseconds of the reply.
   */
  private final long pauseMs;
  private final PrintWriter log;
  private final Map<String, Long> finalsSeenRaw = new ConcurrentHashMap<>();
  private final Map<String, Promise<Long>> finalWaiters = new ConcurrentHashMap<>();

  public GatewayBenchmark(int turns, int restarts, int warmup, long pauseMs, PrintWriter log) {
    this.turns = turns;
    this.warmup = warmup;
    this.pauseMs = pauseMs;
    this.restarts = restarts;
    this.log = log;
  }

  public Result run(Path work) throws Exception {
    Vertx harness = Vertx.vertx();
    Vertx bridgeVertx = BridgeVertx.create();
    OpenClawGateway gateway = null;
    try {
      MockModel model = await(MockModel.start(harness));
      String token = "bench-" + UUID.randomUUID();
      say("starting the OpenClaw gateway " + OpenClawGateway.VERSION + " (about 15 s)...");
      gateway = OpenClawGateway.start(work.resolve("gateway"), token, model.baseUrl());
      gateway.awaitReady(harness, Duration.ofSeconds(120));

      GatewaySettings rawSettings = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.url",
          gateway.url(), "gateway.token", token)));
      RawGatewayClient raw = await(RawGatewayClient.connect(harness, rawSettings, DeviceIdentity.generate()));
      raw.onEvent(this::observe);

      BridgeConfig config = BridgeConfig.defaults().with(Map.of(
          "store.path", work.resolve("bridge.db").toString(),
          "gateway.identityDir", work.resolve("identity").toString(),
          "gateway.url", gateway.url(), "gateway.token", token, "gateway.sessionKey", BRIDGE_SESSION,
          "gateway.reconnect.initialDelayMs", "100", "gateway.reconnect.maxDelayMs", "1000"));
      BridgeClock clock = new BridgeClock(bridgeVertx, TURN_TIMEOUT);
      await(BridgeApp.start(bridgeVertx, config, BridgeApp.Mode.CHAT));
      clock.awaitConnected();

      say("warming up (the gateway prepares each session's workspace on its first turn)...");
      for (int i = 0; i < warmup; i++) {
        rawTurn(raw, "warm-up " + i);
        bridgeTurn(bridgeVertx, clock, "warm-up " + i);
      }
      // The raw connection watches the bridge's session too, as a viewer would.
      await(raw.request("chat.history", new JsonObject().put("sessionKey", BRIDGE_SESSION).put("limit", 1)),
          "chat.history");

      say(turns + " turns each, alternating raw and bridge...");
      long[] rawAck = new long[turns];
      long[] rawTurn = new long[turns];
      long[] bridgeInput = new long[turns];
      long[] bridgeTurn = new long[turns];
      long[] bridgeOutput = new long[turns];
      long[] beforeSend = new long[turns];
      long[] bridgeGatewayAck = new long[turns];
      int acks = 0;
      long[] overhead = new long[turns];
      int observed = 0;
      for (int i = 0; i < turns; i++) {
        Thread.sleep(pauseMs);
        long[] r = rawTurn(raw, "question " + i);
        Thread.sleep(pauseMs);
        long[] b = bridgeTurn(bridgeVertx, clock, "question " + i);
        beforeSend[i] = b[3];
        if (b[4] >= 0) {
          bridgeGatewayAck[acks++] = b[4];
        }
        rawAck[i] = r[0];
        rawTurn[i] = r[1];
        bridgeInput[i] = b[0];
        bridgeTurn[i] = b[1];
        if (b[2] >= 0) {
          bridgeOutput[observed] = b[2];
          // Not clamped at zero: the input difference is noisy (the gateway's own ack time varies by tens of
          // ms) and clamping the negative half would bias the median upwards.
          overhead[observed] = (b[0] - r[0]) + b[2];
          observed++;
        }
        if ((i + 1) % 25 == 0) {
          say("  " + (i + 1) + " turns");
        }
      }

      long[] resumed = new long[restarts];
      long[] history = new long[restarts];
      for (int i = 0; i < restarts; i++) {
        say("gateway restart " + (i + 1) + " of " + restarts + "...");
        resumed[i] = restartAndMeasure(gateway, harness, clock);
        history[i] = timeHistory(harness, rawSettings);
      }
      raw.close();
      if (observed < turns) {
        say((turns - observed) + " of " + turns + " bridge finals never reached the raw connection; the output "
            + "figures are over the " + observed + " that did");
      }
      return new Result(turns, new Percentiles(rawAck), new Percentiles(bridgeInput), new Percentiles(rawTurn),
          new Percentiles(bridgeTurn), new Percentiles(java.util.Arrays.copyOf(bridgeOutput, observed)),
          new Percentiles(beforeSend), new Percentiles(java.util.Arrays.copyOf(bridgeGatewayAck, acks)),
          new Percentiles(java.util.Arrays.copyOf(overhead, observed)), new Percentiles(resumed),
          new Percentiles(history));
    } finally {
      await(bridgeVertx.close());
      if (gateway != null) {
        gateway.stop();
      }
      await(harness.close());
    }
  }

  /** chat.send on the raw connection: {send→ack, send→final} in nanoseconds. */
  private long[] rawTurn(RawGatewayClient raw, String text) throws Exception {
    String key = UUID.randomUUID().toString();
    Future<Long> fin = finalOf(key);
    long t0 = System.nanoTime();
    JsonObject ack = await(raw.request("chat.send", new JsonObject().put("sessionKey", RAW_SESSION)
        .put("message", text).put("idempotencyKey", key)), "the raw client's chat.send acknowledgement");
    long t1 = System.nanoTime();
    if (!key.equals(ack.getString("runId"))) {
      finalWaiters.remove(key);
      throw new IllegalStateException("the gateway answered chat.send with run " + ack.getString("runId"));
    }
    long t2 = await(fin, "the final of raw run " + key);
    return new long[] {t1 - t0, t2 - t0};
  }

  /**
   * session.input on the bridge: {input→sent, input→answered, raw final→answered} in nanoseconds; the last
   * is -1 when the raw connection did not receive the run's final (the gateway does not promise to
   * deliver every run's events to every connection).
   */
  private long[] bridgeTurn(Vertx bridge, BridgeClock clock, String text) throws Exception {
    long t0 = System.nanoTime();
    clock.sendIssued = 0;
    clock.ackDelivered = 0;
    InputAccepted accepted = await(Bus.request(bridge.eventBus(), Addresses.SESSION_INPUT, new UserInput(text, "bench"),
        InputAccepted.class, new DeliveryOptions().setSendTimeout(TURN_TIMEOUT.toMillis())), "session.input");
    long t1 = System.nanoTime();
    if (accepted.runId() == null) {
      throw new IllegalStateException("the bridge did not send the turn (" + accepted.delivery() + ")");
    }
    Future<Long> rawFinal = finalOf(accepted.runId());
    long answered = clock.answered(accepted.sessionUuid(), accepted.turnIndex());
    long finalAt;
    try {
      finalAt = rawFinal.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      finalWaiters.remove(accepted.runId());
      return new long[] {t1 - t0, answered - t0, -1, clock.sendIssued - t0, ackTime(clock)};
    }
    return new long[] {t1 - t0, answered - t0, Math.max(0, answered - finalAt), clock.sendIssued - t0,
        ackTime(clock)};
  }

  /** gateway.send → its reply back in the session verticle; -1 when the interceptor did not see it. */
  private static long ackTime(BridgeClock clock) {
    return clock.ackDelivered == 0 || clock.sendIssued == 0 ? -1 : clock.ackDelivered - clock.sendIssued;
  }

  private long restartAndMeasure(OpenClawGateway gateway, Vertx harness, BridgeClock clock) throws Exception {
    int recoveries = clock.recoveries();
    int connects = clock.connects();
    gateway.restart();
    gateway.awaitReady(harness, Duration.ofSeconds(120));
    long recoveredAt = clock.awaitRecovery(recoveries + 1);
    long helloAt = clock.connectedAt(connects + 1);
    return recoveredAt - helloAt;
  }

  /**
   * How long the freshly restarted gateway takes to answer chat.history: what a recovery that has a turn
   * to reconcile must wait for, whatever the bridge does.
   */
  private long timeHistory(Vertx harness, GatewaySettings settings) throws Exception {
    RawGatewayClient probe = await(RawGatewayClient.connect(harness, settings, DeviceIdentity.generate()));
    try {
      long t0 = System.nanoTime();
      await(probe.request("chat.history", new JsonObject().put("sessionKey", BRIDGE_SESSION).put("limit", 50)));
      return System.nanoTime() - t0;
    } finally {
      probe.close();
    }
  }

  /** Every run's final (or error) frame as the raw connection receives it, by runId. */
  private void observe(GatewayFrame.Event e) {
    if (!"chat".equals(e.name())) {
      return;
    }
    String state = e.payload().getString("state");
    String runId = e.payload().getString("runId");
    if (runId == null || !("final".equals(state) || "error".equals(state) || "aborted".equals(state))) {
      return;
    }
    long now = System.nanoTime();
    finalsSeenRaw.putIfAbsent(runId, now);
    Promise<Long> waiter = finalWaiters.remove(runId);
    if (waiter != null) {
      waiter.tryComplete(finalsSeenRaw.get(runId));
    }
  }

  private Future<Long> finalOf(String runId) {
    Long seen = finalsSeenRaw.get(runId);
    if (seen != null) {
      return Future.succeededFuture(seen);
    }
    Promise<Long> p = Promise.promise();
    finalWaiters.put(runId, p);
    seen = finalsSeenRaw.get(runId);
    if (seen != null) {
      finalWaiters.remove(runId);
      p.tryComplete(seen);
    }
    return p.future();
  }

  private void say(String line) {
    log.println(line);
    log.flush();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return await(f, "an answer");
  }

  private static <T> T await(Future<T> f, String what) {
    return Futures.await(f, TURN_TIMEOUT, what);
  }
}
