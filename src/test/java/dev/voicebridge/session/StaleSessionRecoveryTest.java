package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.SessionMessages.RecoveryStatus;
import dev.voicebridge.bus.SessionMessages.SessionRecovered;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionActive;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.GatewayClientVerticle;
import dev.voicebridge.gateway.GatewaySettings;
import dev.voicebridge.store.PersistenceVerticle;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.StoreSettings;
import dev.voicebridge.store.Timestamps;
import dev.voicebridge.testkit.BusRecorder;
import dev.voicebridge.testkit.FakeGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bridge that comes back after longer than the stale timeout starts afresh instead of resuming. */
class StaleSessionRecoveryTest {

  @TempDir
  Path dir;

  @Test
  void aSessionIdleLongerThanTheTimeoutIsClosedNotResumed() {
    Vertx vertx = Vertx.vertx();
    try (FakeGateway fake = FakeGateway.start(vertx)) {
      BridgeConfig config = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve("b.db").toString(),
          "gateway.identityDir", dir.resolve("identity").toString(), "gateway.url", fake.url(),
          "gateway.token", "t", "gateway.sessionKey", "stale", "session.timeoutMinutes", "30"));
      CliRuntime.waitFor(vertx.deployVerticle(new PersistenceVerticle(StoreSettings.from(config))));
      StoreClient store = new StoreClient(vertx.eventBus());
      SessionView session = CliRuntime.waitFor(store.activeSession(new SessionActive("stale", new JsonObject())));
      CliRuntime.waitFor(store.recordTool(new ToolRecord(session.sessionUuid(), "run-1", "call-1", "exec",
          ToolStatus.RUNNING, null, null, null)));

      // The bridge comes back two hours later (its clock says so): the session was idle for too long.
      Timestamps later = new Timestamps(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
      BusRecorder bus = new BusRecorder(vertx, Addresses.SESSION_RECOVERED);
      CliRuntime.waitFor(vertx.deployVerticle(new RecoveryVerticle(RecoverySettings.from(config),
          SessionSettings.from(config), 30_000, later)));
      CliRuntime.waitFor(vertx.deployVerticle(new GatewayClientVerticle(GatewaySettings.from(config))));

      SessionRecovered recovered = bus.await(Addresses.SESSION_RECOVERED, SessionRecovered.class, r -> true,
          Duration.ofSeconds(20));
      assertEquals(RecoveryStatus.STALE, recovered.status());
      assertEquals(session.sessionUuid(), recovered.sessionUuid());
      assertEquals(1, recovered.cancelledTools());
      SessionView closed = CliRuntime.waitFor(store.session(session.sessionUuid()));
      assertEquals(SessionState.CLOSED, closed.state());
      assertTrue(closed.metadata().getString("closedReason").startsWith("stale"), closed.metadata().encode());
      List<ToolView> tools = CliRuntime.waitFor(store.tools(new ToolQuery(session.sessionUuid(), null))).tools();
      assertEquals(ToolStatus.CANCELLED, tools.get(0).status());
    } finally {
      CliRuntime.waitFor(vertx.close());
    }
  }
}
