package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.HistoryRequest;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.RecoveryStatus;
import dev.voicebridge.bus.SessionMessages.SessionRecovered;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.testkit.FakeGateway;
import dev.voicebridge.testkit.LogCapture;
import dev.voicebridge.testkit.TestBridge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a real gateway cannot be made to do on demand, against a scripted stand-in. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatewayClientEdgeCaseTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TOKEN = "edge-token";

  @TempDir
  Path dir;

  Vertx vertx;
  FakeGateway fake;
  TestBridge bridge;

  @BeforeEach
  void startFake() {
    vertx = Vertx.vertx();
    fake = FakeGateway.start(vertx);
  }

  @AfterEach
  void stopAll() {
    if (bridge != null) {
      bridge.close();
    }
    fake.close();
    vertx.close();
  }

  private TestBridge startBridge(Map<String, String> extra) {
    Map<String, String> settings = TestBridge.settings(dir, fake.url(), TOKEN, "edge");
    settings.put("gateway.reconnect.initialDelayMs", "50");
    settings.putAll(extra);
    bridge = TestBridge.start(settings);
    return bridge;
  }

  private GatewayStatus awaitStatus(Predicate<GatewayStatus> p) {
    return bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class, p, WAIT);
  }

  private static boolean connected(GatewayStatus s) {
    return s.state() == LinkState.CONNECTED && s.eventsLost() == null;
  }

  private static JsonObject chat(String runId, long seq, String state, JsonObject extra) {
    return new JsonObject().put("runId", runId).put("sessionKey", "agent:main:edge").put("seq", seq)
        .put("state", state).mergeIn(extra);
  }

  private static JsonObject message(String text) {
    return new JsonObject().put("role", "assistant").put("content", new JsonArray()
        .add(new JsonObject().put("type", "text").put("text", text)));
  }

  @Test
  void theHandshakeProvesTheDeviceOverTheChallengeAndSendsOnlyDocumentedFields() throws Exception {
    startBridge(Map.of());
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    fake.awaitConnection(1, WAIT);
    assertEquals(List.of(), fake.signatureProblems());
    JsonObject p = fake.connectParams().get(0);
    assertTrue(Set.of("minProtocol", "maxProtocol", "client", "role", "scopes", "caps", "auth", "locale", "userAgent",
        "device").containsAll(p.fieldNames()), p.fieldNames().toString());
    assertEquals(4, p.getInteger("minProtocol"));
    assertEquals(4, p.getInteger("maxProtocol"));
    assertEquals("cli", p.getJsonObject("client").getString("id"));
    assertEquals("cli", p.getJsonObject("client").getString("mode"));
    assertEquals("operator", p.getString("role"));
    assertEquals(List.of("operator.read", "operator.write"), p.getJsonArray("scopes").getList());
    assertEquals(List.of("tool-events"), p.getJsonArray("caps").getList());
    assertEquals(new JsonObject().put("token", TOKEN), p.getJsonObject("auth"));
  }

  @Test
  void badFramesAreDroppedWithOneLogLineEachAndTheConnectionCarriesOn() throws Exception {
    fake.policy(10_000, 30_000);
    try (LogCapture logs = new LogCapture()) {
      startBridge(Map.of());
      FakeGateway.Connection conn = fake.awaitConnection(1, WAIT);
      awaitStatus(GatewayClientEdgeCaseTest::connected);
      conn.sendRaw("this is not json");
      conn.sendRaw("{also not json");
      conn.sendRaw("{\"type\":\"surprise\",\"payload\":{}}");
      conn.send(new JsonObject().put("type", "res").put("id", "no-such-request").put("ok", true)
          .put("payload", new JsonObject()));
      conn.event("chat", chat("run-big", 1, "delta", new JsonObject().put("deltaText", "x".repeat(20_000))));
      conn.event("chat", chat("run-ok", 1, "final", new JsonObject().put("message", message("Still here."))));

      ReplyFinal fin = bridge.bus().await(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class,
          f -> f.runId().equals("run-ok"), WAIT);
      assertEquals("Still here.", fin.text());
      assertTrue(bridge.bus().all(Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class).isEmpty(), "the big frame was dropped");
      assertTrue(bridge.bus().all(Addresses.GATEWAY_STATUS, GatewayStatus.class,
          s -> s.state() == LinkState.DISCONNECTED).isEmpty(), "the connection was never lost");
      List<String> warnings = logs.lines(Level.WARN);
      assertEquals(1, warnings.stream().filter(l -> l.contains("is not a JSON object")).count(), warnings.toString());
      assertEquals(1, warnings.stream().filter(l -> l.contains("unknown type")).count(), warnings.toString());
      assertEquals(1, warnings.stream().filter(l -> l.contains("unknown request id")).count(), warnings.toString());
      assertEquals(1, warnings.stream().filter(l -> l.contains("exceeds the limit of 10000 bytes")).count(),
          warnings.toString());
      assertTrue(logs.lines().stream().anyMatch(l -> l.startsWith("DEBUG") && l.contains("is not a JSON object")),
          "the repeat is logged at debug level");
    }
  }

  @Test
  void aGapInTheEventSequenceIsAnnouncedAndTheSessionReconciled() throws Exception {
    startBridge(Map.of());
    FakeGateway.Connection conn = fake.awaitConnection(1, WAIT);
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    bridge.bus().await(Addresses.SESSION_RECOVERED, SessionRecovered.class, r -> true, WAIT);
    bridge.say("Start a session");
    int historyCalls = fake.requests("chat.history").size();
    conn.event("tick", new JsonObject().put("ts", 1));
    conn.skipSeq(3);
    conn.event("tick", new JsonObject().put("ts", 2));
    GatewayStatus gap = awaitStatus(s -> s.eventsLost() != null);
    assertEquals(3L, gap.eventsLost());
    bridge.bus().awaitCount(Addresses.SESSION_RECOVERED, SessionRecovered.class, r -> true, 2, WAIT);
    assertEquals(historyCalls + 1, fake.requests("chat.history").size(), "reconciled from chat.history");
  }

  @Test
  void repeatedDeltasAndSecondEndStatesOfARunAreIgnored() throws Exception {
    startBridge(Map.of());
    FakeGateway.Connection conn = fake.awaitConnection(1, WAIT);
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    conn.event("chat", chat("run-1", 2, "delta", new JsonObject().put("deltaText", "Hel").put("message", message("Hel"))));
    conn.event("chat", chat("run-1", 2, "delta", new JsonObject().put("deltaText", "Hel").put("message", message("Hel"))));
    conn.event("chat", chat("run-1", 3, "delta", new JsonObject().put("deltaText", "lo").put("message", message("Hello"))));
    conn.event("chat", chat("run-1", 4, "error", new JsonObject().put("errorMessage", "first failure")));
    conn.event("chat", chat("run-1", 1, "error", new JsonObject().put("errorMessage", "the same failure again")));
    conn.event("chat", chat("run-1", 5, "final", new JsonObject().put("message", message("too late"))));
    conn.event("chat", chat("run-2", 1, "final", new JsonObject().put("message", message("marker"))));
    bridge.bus().await(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, f -> f.runId().equals("run-2"), WAIT);

    List<ReplyDelta> deltas = bridge.bus().all(Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class);
    assertEquals(List.of("Hel", "Hello"), deltas.stream().map(ReplyDelta::text).toList());
    assertEquals(List.of("Hel", "lo"), deltas.stream().map(ReplyDelta::delta).toList());
    List<ReplyError> errors = bridge.bus().all(Addresses.GATEWAY_REPLY_ERROR, ReplyError.class);
    assertEquals(1, errors.size());
    assertEquals("first failure", errors.get(0).message());
    assertTrue(bridge.bus().all(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, f -> f.runId().equals("run-1"))
        .isEmpty(), "the first end state wins");
  }

  @Test
  void responsesThatArriveOutOfOrderReachTheirOwnRequests() throws Exception {
    List<FakeGateway.Request> held = new ArrayList<>();
    fake.handle("chat.history", (req, p) -> {
      synchronized (held) {
        held.add(req);
        if (held.size() == 2) { // answer the second before the first
          for (int i = held.size() - 1; i >= 0; i--) {
            FakeGateway.Request r = held.get(i);
            r.reply(new JsonObject().put("sessionKey", r.params().getString("sessionKey")).put("messages", new JsonArray()));
          }
        }
      }
    });
    startBridge(Map.of("recovery.enabled", "false"));
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    fake.awaitConnection(1, WAIT);
    Future<JsonObject> first = Bus.request(bridge.vertx().eventBus(), Addresses.GATEWAY_HISTORY,
        new HistoryRequest("first", 5), JsonObject.class);
    Future<JsonObject> second = Bus.request(bridge.vertx().eventBus(), Addresses.GATEWAY_HISTORY,
        new HistoryRequest("second", 5), JsonObject.class);
    assertEquals("first", bridge.await(first).getString("sessionKey"));
    assertEquals("second", bridge.await(second).getString("sessionKey"));
  }

  @Test
  void silenceLongerThanTwoTicksClosesWith4000AndReconnects() throws Exception {
    fake.policy(1_000_000, 200);
    startBridge(Map.of());
    fake.awaitConnection(1, WAIT);
    GatewayStatus lost = awaitStatus(s -> s.state() == LinkState.DISCONNECTED);
    assertEquals(4000, lost.code());
    assertEquals("tick timeout", lost.reason());
    assertTrue(lost.willRetry());
    fake.awaitConnection(2, WAIT);
  }

  @Test
  void aShutdownEventDelaysTheReconnectByTheAnnouncedTime() throws Exception {
    startBridge(Map.of());
    FakeGateway.Connection conn = fake.awaitConnection(1, WAIT);
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    conn.event("shutdown", new JsonObject().put("reason", "gateway stopping").put("restartExpectedMs", 700));
    conn.close(1012, "service restart");
    GatewayStatus lost = awaitStatus(s -> s.state() == LinkState.DISCONNECTED);
    assertEquals(1012, lost.code());
    assertEquals(700L, lost.retryInMs());
    fake.awaitConnection(2, WAIT);
  }

  @Test
  void unavailableDuringStartupIsRetriedAfterTheGatewaysHint() throws Exception {
    fake.refuseConnect(attempt -> attempt > 1 ? null : new JsonObject().put("code", "UNAVAILABLE")
        .put("message", "gateway starting").put("retryable", true).put("retryAfterMs", 300)
        .put("details", new JsonObject().put("reason", "startup-sidecars")));
    startBridge(Map.of("gateway.reconnect.initialDelayMs", "5000", "gateway.reconnect.maxDelayMs", "10000"));
    GatewayStatus waiting = awaitStatus(s -> s.state() == LinkState.DISCONNECTED);
    assertEquals(300L, waiting.retryInMs(), "the hint wins over the 5 s backoff");
    assertEquals("UNAVAILABLE", waiting.errorCode());
    awaitStatus(GatewayClientEdgeCaseTest::connected);
  }

  @Test
  void aRefusedTokenIsRetriedOnceWithTheStoredDeviceTokenThenGivenUp() throws Exception {
    startBridge(Map.of());
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    bridge.close();
    JsonObject mismatch = new JsonObject().put("code", "INVALID_REQUEST").put("message", "unauthorized: gateway token "
        + "mismatch").put("details", new JsonObject().put("code", "AUTH_TOKEN_MISMATCH")
        .put("canRetryWithDeviceToken", true).put("recommendedNextStep", "retry_with_device_token"));
    fake.refuseConnect(attempt -> attempt == 1 ? null : mismatch);
    startBridge(Map.of());
    GatewayStatus halted = awaitStatus(s -> Boolean.FALSE.equals(s.willRetry()));
    assertEquals("AUTH_TOKEN_MISMATCH", halted.errorCode());
    List<JsonObject> attempts = fake.connectParams();
    assertEquals(3, attempts.size(), "the first bridge's connect, then exactly two");
    assertNull(attempts.get(1).getJsonObject("auth").getString("deviceToken"));
    assertEquals(fake.deviceToken(), attempts.get(2).getJsonObject("auth").getString("deviceToken"));
    assertEquals(TOKEN, attempts.get(2).getJsonObject("auth").getString("token"));
    assertEquals(List.of(), fake.signatureProblems());
  }

  @Test
  void aDroppedConnectionInterruptsToolsAndTheLostTurnGoesOutAgainWithTheSameKey() throws Exception {
    startBridge(Map.of());
    FakeGateway.Connection conn = fake.awaitConnection(1, WAIT);
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    bridge.bus().await(Addresses.SESSION_RECOVERED, SessionRecovered.class, r -> true, WAIT);

    InputAccepted accepted = bridge.say("Run the slow tool");
    assertEquals(Delivery.SENT, accepted.delivery());
    conn.event("agent", new JsonObject().put("runId", accepted.runId()).put("sessionKey", "agent:main:edge")
        .put("stream", "tool").put("seq", 3).put("data", new JsonObject().put("phase", "start").put("name", "exec")
            .put("toolCallId", "call-slow").put("args", new JsonObject().put("command", "sleep 100"))));
    ToolView running = awaitTool(accepted.sessionUuid(), t -> t.status() == ToolStatus.RUNNING);
    assertEquals("exec", running.toolName());

    conn.close(1011, "internal error");
    ToolView interrupted = awaitTool(accepted.sessionUuid(), t -> t.status() == ToolStatus.INTERRUPTED);
    assertTrue(interrupted.errorMessage().contains("connection was lost"), interrupted.errorMessage());

    // On reconnect the history shows the question but no answer and nothing running: the run is lost.
    SessionRecovered recovered = bridge.bus().awaitCount(Addresses.SESSION_RECOVERED, SessionRecovered.class,
        r -> r.sessionUuid() != null, 1, WAIT).get(0);
    assertEquals(RecoveryStatus.SUCCESS, recovered.status(), recovered.message());
    assertEquals(1, recovered.cancelledTools());
    assertEquals(1, recovered.resentTurns());
    ToolView cancelled = awaitTool(accepted.sessionUuid(), t -> t.status() == ToolStatus.CANCELLED);
    assertTrue(cancelled.errorMessage().startsWith("cancelled on reconnect"), cancelled.errorMessage());

    FakeGateway.Request resent = awaitRequests("chat.send", 2).get(1);
    assertEquals(accepted.idempotencyKey(), resent.params().getString("idempotencyKey"), "the same idempotency key");
    resent.connection().event("chat", chat(accepted.runId(), 9, "final", new JsonObject().put("message",
        message("Done at last."))));
    TurnAnswered answered = bridge.bus().await(Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class,
        a -> a.userTurnIndex() == accepted.turnIndex(), WAIT);
    assertEquals(MessageType.FINAL, answered.outcome());
    assertEquals("Done at last.", answered.text());
  }

  @Test
  void inputWhileTheGatewayIsAwayIsKeptAndSentWithItsKeyOnceConnected() throws Exception {
    fake.accepting(false);
    startBridge(Map.of());
    awaitStatus(s -> s.state() == LinkState.DISCONNECTED);
    InputAccepted kept = bridge.say("Hello while offline");
    assertEquals(Delivery.PENDING, kept.delivery());
    assertNull(kept.runId());

    fake.accepting(true);
    FakeGateway.Request sent = awaitRequests("chat.send", 1).get(0);
    assertEquals(kept.idempotencyKey(), sent.params().getString("idempotencyKey"));
    assertEquals("Hello while offline", sent.params().getString("message"));
    assertEquals("edge", sent.params().getString("sessionKey"));
    assertEquals(Set.of("sessionKey", "message", "idempotencyKey"), sent.params().fieldNames(), "chat.send's schema is closed");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (bridge.turn(kept.sessionUuid(), kept.turnIndex()).delivery() != Delivery.SENT) {
      assertTrue(System.nanoTime() < deadline, "the turn becomes SENT");
      Thread.sleep(20);
    }
  }

  @Test
  void aSecondTurnWhileTheGatewayIsAwayIsKeptTooAndBothGoInOrder() throws Exception {
    fake.accepting(false);
    startBridge(Map.of());
    awaitStatus(s -> s.state() == LinkState.DISCONNECTED);
    InputAccepted first = bridge.say("First while offline");
    InputAccepted second = bridge.say("Second while offline");
    assertEquals(Delivery.PENDING, first.delivery());
    assertEquals(Delivery.PENDING, second.delivery(), "the second caller hears at once that its turn is kept");
    fake.accepting(true);
    FakeGateway.Request sent = awaitRequests("chat.send", 1).get(0);
    assertEquals(first.idempotencyKey(), sent.params().getString("idempotencyKey"), "oldest first");
  }

  @Test
  void aTurnThatNeverLeftGoesAsSoonAsTheLinkIsBackWithoutWaitingForTheHistory() throws Exception {
    startBridge(Map.of());
    FakeGateway.Connection first = fake.awaitConnection(1, WAIT);
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    fake.accepting(false);
    first.close(1012, "service restart");
    awaitStatus(s -> s.state() == LinkState.DISCONNECTED);
    InputAccepted kept = bridge.say("Hello while it restarts");
    assertEquals(Delivery.PENDING, kept.delivery());
    int recoveries = bridge.bus().all(Addresses.SESSION_RECOVERED, SessionRecovered.class).size();

    // a gateway just restarted takes seconds over chat.history; this one does not answer it until told
    List<FakeGateway.Request> historyAsked = new java.util.concurrent.CopyOnWriteArrayList<>();
    fake.handle("chat.history", (req, p) -> historyAsked.add(req));
    fake.accepting(true);
    // Without the history, only the recovery gate's fallback (15 s) would let a turn go: well before it, the
    // turn that never left must have gone (the bound stands for that order, not for a speed).
    long sendDeadline = System.nanoTime() + Duration.ofSeconds(7).toNanos();
    while (fake.requests("chat.send").isEmpty()) {
      assertTrue(System.nanoTime() < sendDeadline, "the held turn waited for recovery");
      Thread.sleep(20);
    }
    FakeGateway.Request sent = fake.requests("chat.send").get(0);
    assertTrue(bridge.bus().all(Addresses.SESSION_RECOVERED, SessionRecovered.class).size() == recoveries,
        "recovery has not ended");
    assertEquals(kept.idempotencyKey(), sent.params().getString("idempotencyKey"));

    // recovery then finds the turn sent and its run going: nothing is sent twice
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (historyAsked.isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "recovery reads the history");
      Thread.sleep(20);
    }
    historyAsked.get(0).reply(new JsonObject().put("sessionKey", "agent:main:edge").put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "Hello while it restarts")))
        .put("sessionInfo", new JsonObject().put("activeRunIds", new JsonArray().add(kept.idempotencyKey()))));
    bridge.bus().awaitCount(Addresses.SESSION_RECOVERED, SessionRecovered.class, r -> true, recoveries + 1, WAIT);
    sent.connection().event("chat", chat(kept.idempotencyKey(), 1, "final", new JsonObject().put("message",
        message("Hello again."))));
    assertEquals("Hello again.", bridge.bus().await(Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class,
        a -> a.userTurnIndex() == kept.turnIndex(), WAIT).text());
    assertEquals(1, fake.requests("chat.send").size(), "sent once");
  }

  @Test
  void aFrameAboveTheTransportLimitCostsOnlyTheConnection() throws Exception {
    startBridge(Map.of("gateway.maxPayloadBytes", "65536"));
    FakeGateway.Connection conn = fake.awaitConnection(1, WAIT);
    awaitStatus(GatewayClientEdgeCaseTest::connected);
    try (LogCapture logs = new LogCapture()) {
      conn.event("chat", chat("run-huge", 1, "delta", new JsonObject().put("deltaText", "y".repeat(200_000))));
      awaitStatus(s -> s.state() == LinkState.DISCONNECTED);
      // the message names the setting to change, not the gateway
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (logs.lines().stream().noneMatch(l -> l.contains("gateway.maxPayloadBytes (65536 bytes)"))) {
        assertTrue(System.nanoTime() < deadline, "no warning names the limit: " + logs.lines());
        Thread.sleep(20);
      }
    }
    FakeGateway.Connection again = fake.awaitConnection(2, WAIT);
    again.event("chat", chat("run-after", 1, "final", new JsonObject().put("message", message("Reconnected."))));
    assertEquals("Reconnected.", bridge.bus().await(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class,
        f -> f.runId().equals("run-after"), WAIT).text());
  }

  private ToolView awaitTool(String uuid, Predicate<ToolView> p) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      List<ToolView> tools = bridge.tools(uuid);
      if (!tools.isEmpty() && p.test(tools.get(0))) {
        return tools.get(0);
      }
      assertTrue(System.nanoTime() < deadline, "tool state not reached: " + tools);
      Thread.sleep(20);
    }
  }

  private List<FakeGateway.Request> awaitRequests(String method, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fake.requests(method).size() < count) {
      assertTrue(System.nanoTime() < deadline, "expected " + count + " " + method);
      Thread.sleep(10);
    }
    return fake.requests(method);
  }
}
