package dev.voicebridge.bench;

import dev.voicebridge.gateway.ConnectAuth;
import dev.voicebridge.gateway.ConnectParams;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.FrameCodec;
import dev.voicebridge.gateway.GatewayFrame;
import dev.voicebridge.gateway.GatewaySettings;
import dev.voicebridge.gateway.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The least a program needs to talk to the gateway: one WebSocket, the signed handshake, requests
 * matched to responses by id, events handed to a callback — no reconnects, no bus, no store. It is the
 * baseline of {@code bench gateway} and the readiness probe of {@link OpenClawGateway}; the bridge's own
 * client is {@code gateway.GatewayClientVerticle}.
 */
public final class RawGatewayClient {

  private static final int MAX_FRAME = 32 * 1024 * 1024;

  /** Held for as long as the connection lives: Vert.x closes a client that is no longer referenced. */
  private final WebSocketClient client;
  private final WebSocket ws;
  private final Map<String, Promise<JsonObject>> waiting = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile Consumer<GatewayFrame.Event> events = e -> { };

  private RawGatewayClient(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
  }

  /** Connects as an operator with read+write scopes; fails with the gateway's error when refused. */
  public static Future<RawGatewayClient> connect(Vertx vertx, GatewaySettings settings, DeviceIdentity identity) {
    return connect(vertx, settings, identity, ConnectParams.SCOPES);
  }

  /** The same with these scopes (e.g. operator.admin, to change the gateway's config as its owner would). */
  public static Future<RawGatewayClient> connect(Vertx vertx, GatewaySettings settings, DeviceIdentity identity,
      java.util.List<String> scopes) {
    Promise<RawGatewayClient> ready = Promise.promise();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(MAX_FRAME)
        .setMaxMessageSize(MAX_FRAME));
    client.connect(new WebSocketConnectOptions().setAbsoluteURI(settings.url()).setConnectTimeout(5_000)
            .setAllowOriginHeader(false))
        .onFailure(ready::tryFail)
        .onSuccess(ws -> {
          RawGatewayClient raw = new RawGatewayClient(client, ws);
          ws.closeHandler(v -> {
            ready.tryFail("closed before hello-ok (" + ws.closeStatusCode() + " " + ws.closeReason() + ")");
            raw.waiting.values().forEach(p -> p.tryFail("connection closed"));
          });
          ws.textMessageHandler(text -> raw.onText(text, settings, identity, scopes, ready));
        });
    return ready.future().onFailure(err -> client.close());
  }

  private void onText(String text, GatewaySettings settings, DeviceIdentity identity, java.util.List<String> scopes,
      Promise<RawGatewayClient> ready) {
    GatewayFrame frame;
    try {
      frame = FrameCodec.decode(text);
    } catch (ProtocolException e) {
      return;
    }
    if (frame instanceof GatewayFrame.Event e && "connect.challenge".equals(e.name())) {
      ConnectParams.Challenge challenge = new ConnectParams.Challenge(e.payload().getString("nonce"),
          e.payload().getLong("ts"));
      request("connect", ConnectParams.build(settings, identity, ConnectAuth.select(settings, Optional.empty(), false),
          challenge, scopes)).onSuccess(payload -> ready.tryComplete(this)).onFailure(ready::tryFail);
    } else if (frame instanceof GatewayFrame.Response r) {
      Promise<JsonObject> p = waiting.remove(r.id());
      if (p != null) {
        if (r.ok()) {
          p.tryComplete(r.payload());
        } else {
          p.tryFail(r.error().toString());
        }
      }
    } else if (frame instanceof GatewayFrame.Event e) {
      events.accept(e);
    }
  }

  public Future<JsonObject> request(String method, JsonObject params) {
    String id = "raw-" + ids.incrementAndGet();
    Promise<JsonObject> p = Promise.promise();
    waiting.put(id, p);
    ws.writeTextMessage(FrameCodec.request(id, method, params)).onFailure(p::tryFail);
    return p.future();
  }

  /** Receives every event after hello-ok (called on the connection's event loop: keep it short). */
  public void onEvent(Consumer<GatewayFrame.Event> handler) {
    this.events = handler;
  }

  public Future<Void> close() {
    return ws.close().eventually(() -> client.close());
  }
}
