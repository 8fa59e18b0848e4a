package dev.voicebridge.testkit;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.UserInput;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge's text-mode verticles (store, session, recovery, gateway client: {@link BridgeApp.Mode#CHAT})
 * in a Vert.x of their own, with the database and the device identity in a test directory. The recorder
 * starts before the verticles, so no status is missed.
 */
public final class TestBridge implements AutoCloseable {

  public static final String[] RECORDED = {Addresses.GATEWAY_STATUS, Addresses.GATEWAY_REPLY_DELTA,
      Addresses.GATEWAY_REPLY_FINAL, Addresses.GATEWAY_REPLY_ERROR, Addresses.GATEWAY_REPLY_ABORTED,
      Addresses.GATEWAY_TOOL, Addresses.GATEWAY_VOICEWAKE, Addresses.GATEWAY_TALK, Addresses.SESSION_RECOVERED,
      Addresses.SESSION_TURN_ANSWERED};

  private final Vertx vertx;
  private final BridgeConfig config;
  private BridgeApp app;
  private final BusRecorder recorder;
  private final StoreClient store;

  private TestBridge(Vertx vertx, BridgeConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.recorder = new BusRecorder(vertx, RECORDED);
    this.store = new StoreClient(vertx.eventBus());
  }

  /** Settings for a bridge talking to {@code url} in session {@code sessionKey}, keeping its files in {@code dir}. */
  public static Map<String, String> settings(Path dir, String url, String token, String sessionKey) {
    Map<String, String> s = new HashMap<>();
    s.put("store.path", dir.resolve("bridge.db").toString());
    s.put("gateway.identityDir", dir.resolve("identity").toString());
    s.put("gateway.url", url);
    s.put("gateway.token", token);
    s.put("gateway.sessionKey", sessionKey);
    s.put("gateway.reconnect.initialDelayMs", "200");
    s.put("gateway.reconnect.maxDelayMs", "2000");
    return s;
  }

  public static TestBridge start(Map<String, String> settings) {
    BridgeConfig config = BridgeConfig.defaults().with(settings);
    TestBridge bridge = new TestBridge(BridgeVertx.create(), config);
    bridge.app = CliRuntime.waitFor(BridgeApp.start(bridge.vertx, config, BridgeApp.Mode.CHAT));
    return bridge;
  }

  /** A bridge on the shared real gateway, in session {@code sessionKey}, once it is connected. */
  public static TestBridge connected(Path dir, SharedGateway shared, String sessionKey) {
    TestBridge bridge = start(settings(dir, shared.url(), shared.token(), sessionKey));
    bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> s.state() == LinkState.CONNECTED,
        java.time.Duration.ofSeconds(90));
    return bridge;
  }

  public Vertx vertx() {
    return vertx;
  }

  public BridgeConfig config() {
    return config;
  }

  public BusRecorder bus() {
    return recorder;
  }

  public StoreClient store() {
    return store;
  }

  public <T> T await(Future<T> f) {
    return CliRuntime.waitFor(f);
  }

  public InputAccepted say(String text) {
    return await(Bus.request(vertx.eventBus(), Addresses.SESSION_INPUT, new UserInput(text, "test"),
        InputAccepted.class, new DeliveryOptions().setSendTimeout(60_000)));
  }

  public List<TurnView> turns(String sessionUuid) {
    return await(store.turns(new TurnQuery(sessionUuid, null, null, null, null, null, false))).turns();
  }

  public List<TurnView> assistantTurns(String sessionUuid) {
    return turns(sessionUuid).stream().filter(t -> t.role() == Role.ASSISTANT).toList();
  }

  public TurnView turn(String sessionUuid, int index) {
    return turns(sessionUuid).stream().filter(t -> t.turnIndex() == index).findFirst()
        .orElseThrow(() -> new AssertionError("no turn " + index));
  }

  public List<ToolView> tools(String sessionUuid) {
    return await(store.tools(new ToolQuery(sessionUuid, null))).tools();
  }

  public List<SessionView> sessions(String sessionKey) {
    return await(store.listSessions(new SessionQuery(null, sessionKey, null))).sessions();
  }

  public List<SessionView> activeSessions(String sessionKey) {
    return await(store.listSessions(new SessionQuery(SessionState.ACTIVE, sessionKey, null))).sessions();
  }

  @Override
  public void close() {
    CliRuntime.waitFor(BridgeApp.shutdown(vertx, app));
  }
}
