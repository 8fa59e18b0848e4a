package dev.voicebridge.testkit;

import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.gateway.ConnectParams;
import dev.voicebridge.gateway.DeviceIdentity;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A scriptable stand-in for the gateway, for what a real one cannot be made to do on demand: malformed
 * or oversized frames, gaps in the event sequence, duplicate end states, silence, refusals with retry
 * hints. It speaks the handshake (challenge, signed connect checked against the device key, hello-ok)
 * and answers chat.send / chat.history / chat.abort by default; a test replaces any of that.
 */
public final class FakeGateway implements AutoCloseable {

  /** One request a client sent. */
  public record Request(Connection connection, String id, String method, JsonObject params) {
    public void reply(JsonObject payload) {
      connection.send(new JsonObject().put("type", "res").put("id", id).put("ok", true).put("payload", payload));
    }

    public void fail(JsonObject error) {
      connection.send(new JsonObject().put("type", "res").put("id", id).put("ok", false).put("error", error));
    }
  }

  /** One client connection. */
  public static final class Connection {
    private final ServerWebSocket ws;
    private long seq;

    Connection(ServerWebSocket ws) {
      this.ws = ws;
    }

    public void send(JsonObject frame) {
      sendRaw(frame.encode());
    }

    public void sendRaw(String text) {
      if (!ws.isClosed()) {
        ws.writeTextMessage(text);
      }
    }

    /** An event with the next envelope seq. */
    public void event(String name, JsonObject payload) {
      send(new JsonObject().put("type", "event").put("event", name).put("payload", payload).put("seq", ++seq));
    }

    /** Skips {@code count} envelope seq numbers, as if those events were lost. */
    public void skipSeq(long count) {
      seq += count;
    }

    public void close(int code, String reason) {
      ws.close((short) code, reason);
    }
  }

  private final Vertx vertx;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<JsonObject> connectParams = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, BiConsumer<Request, JsonObject>> handlers = new ConcurrentHashMap<>();
  private final List<String> signatureProblems = new CopyOnWriteArrayList<>();
  private volatile Function<Integer, JsonObject> connectRefusal = attempt -> null;
  private volatile JsonObject policy = new JsonObject().put("maxPayload", 1_000_000).put("tickIntervalMs", 30_000);
  private volatile boolean accepting = true;
  private volatile String deviceToken = "fake-device-token-" + UUID.randomUUID();
  private HttpServer server;
  private boolean tls;

  private FakeGateway(Vertx vertx) {
    this.vertx = vertx;
    handlers.put("chat.send", (req, p) -> req.reply(new JsonObject().put("runId", p.getString("idempotencyKey"))
        .put("status", "started")));
    handlers.put("chat.history", (req, p) -> req.reply(new JsonObject().put("sessionKey", p.getString("sessionKey"))
        .put("messages", new JsonArray()).put("sessionInfo", new JsonObject().put("activeRunIds", new JsonArray()))));
    handlers.put("chat.abort", (req, p) -> req.reply(new JsonObject().put("ok", true).put("aborted", true)));
  }

  public static FakeGateway start(Vertx vertx) {
    return start(vertx, new HttpServerOptions());
  }

  /** Over TLS with {@code certificate} (e.g. a self-signed one for "localhost"): {@link #url()} is wss://. */
  public static FakeGateway startTls(Vertx vertx, KeyCertOptions certificate) {
    return start(vertx, new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate));
  }

  private static FakeGateway start(Vertx vertx, HttpServerOptions options) {
    FakeGateway fake = new FakeGateway(vertx);
    fake.server = CliRuntime.waitFor(vertx.createHttpServer(options.setMaxWebSocketFrameSize(8 << 20)
        .setMaxWebSocketMessageSize(8 << 20)).webSocketHandler(fake::accept).listen(0, "127.0.0.1"));
    fake.tls = options.isSsl();
    return fake;
  }

  public String url() {
    return tls ? "wss://localhost:" + server.actualPort() : "ws://127.0.0.1:" + server.actualPort();
  }

  /** The hello-ok policy: maxPayload and tickIntervalMs. */
  public FakeGateway policy(int maxPayload, long tickIntervalMs) {
    policy = new JsonObject().put("maxPayload", maxPayload).put("tickIntervalMs", tickIntervalMs);
    return this;
  }

  /** For connect attempt n (from 1), an error to refuse it with, or null to accept. */
  public FakeGateway refuseConnect(Function<Integer, JsonObject> refusal) {
    connectRefusal = refusal;
    return this;
  }

  /** Whether new WebSocket connections are accepted at all (false: rejected before the handshake). */
  public FakeGateway accepting(boolean yes) {
    accepting = yes;
    return this;
  }

  public FakeGateway handle(String method, BiConsumer<Request, JsonObject> handler) {
    handlers.put(method, handler);
    return this;
  }

  public String deviceToken() {
    return deviceToken;
  }

  public List<JsonObject> connectParams() {
    return new ArrayList<>(connectParams);
  }

  public List<Request> requests(String method) {
    return requests.stream().filter(r -> r.method().equals(method)).toList();
  }

  /** Problems found checking the connect signatures (empty when every signature verified). */
  public List<String> signatureProblems() {
    return new ArrayList<>(signatureProblems);
  }

  /** The connection that completed the handshake last, waiting for it if needed. */
  public Connection awaitConnection(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (connections.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("expected " + count + " connection(s), got " + connections.size());
      }
      Thread.sleep(10);
    }
    return connections.get(count - 1);
  }

  public int connections() {
    return connections.size();
  }

  private void accept(ServerWebSocket ws) {
    if (!accepting) {
      ws.close((short) 1013, "not accepting");
      return;
    }
    Connection conn = new Connection(ws);
    String nonce = UUID.randomUUID().toString();
    long ts = System.currentTimeMillis();
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      String method = frame.getString("method");
      JsonObject params = frame.getJsonObject("params", new JsonObject());
      Request req = new Request(conn, frame.getString("id"), method, params);
      if ("connect".equals(method)) {
        connect(conn, req, nonce, ts);
        return;
      }
      requests.add(req);
      BiConsumer<Request, JsonObject> handler = handlers.get(method);
      if (handler != null) {
        handler.accept(req, params);
      }
    });
    conn.send(new JsonObject().put("type", "event").put("event", "connect.challenge")
        .put("payload", new JsonObject().put("nonce", nonce).put("ts", ts)));
  }

  private void connect(Connection conn, Request req, String nonce, long ts) {
    JsonObject p = req.params();
    connectParams.add(p);
    verify(p, nonce, ts);
    JsonObject refusal = connectRefusal.apply(connectParams.size());
    if (refusal != null) {
      req.fail(refusal);
      vertx.setTimer(20, t -> conn.close(1008, refusal.getString("message", "refused")));
      return;
    }
    req.reply(new JsonObject().put("type", "hello-ok").put("protocol", 4)
        .put("server", new JsonObject().put("version", "fake-1").put("connId", UUID.randomUUID().toString()))
        .put("features", new JsonObject().put("methods", new JsonArray()).put("events", new JsonArray()))
        .put("snapshot", new JsonObject().put("sessionDefaults", new JsonObject().put("defaultAgentId", "main")
            .put("mainKey", "main")))
        .put("auth", new JsonObject().put("role", "operator").put("scopes", new JsonArray(ConnectParams.SCOPES))
            .put("deviceToken", deviceToken))
        .put("policy", policy));
    connections.add(conn);
  }

  /** Checks the device proof as the gateway does: the signature over the v3 payload, with the challenge. */
  private void verify(JsonObject p, String nonce, long ts) {
    JsonObject device = p.getJsonObject("device");
    JsonObject client = p.getJsonObject("client");
    JsonObject auth = p.getJsonObject("auth", new JsonObject());
    String token = auth.getString("token", auth.getString("deviceToken"));
    String payload = ConnectParams.signedPayload(device.getString("id"), client.getString("id"),
        client.getString("mode"), p.getString("role"), p.getJsonArray("scopes").getList(), device.getLong("signedAt"),
        token, device.getString("nonce"), client.getString("platform"), null);
    if (!DeviceIdentity.verify(device.getString("publicKey"), payload, device.getString("signature"))) {
      signatureProblems.add("bad signature");
    }
    if (!nonce.equals(device.getString("nonce")) || ts != device.getLong("signedAt")) {
      signatureProblems.add("the proof does not use the challenge");
    }
  }

  @Override
  public void close() {
    CliRuntime.waitFor(server.close());
  }
}
