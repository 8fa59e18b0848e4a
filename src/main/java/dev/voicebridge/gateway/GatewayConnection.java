package dev.voicebridge.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection to the gateway, from the handshake to its close: waits for
 * {@code connect.challenge}, sends the signed {@code connect}, and once {@code hello-ok} arrives carries
 * requests (correlated by id, each with a timeout) and hands events to its {@link Listener}. It watches
 * liveness (no frame for {@code tickTimeoutFactor} × the tick interval closes it with 4000), counts the
 * per-connection event {@code seq} to notice lost events, and drops bad frames (not JSON, unknown type,
 * larger than the negotiated maxPayload, responses nobody waits for) with one log line each — a bad frame
 * never closes the connection.
 *
 * <p>Lives on the event loop of the verticle that opened it.
 */
final class GatewayConnection {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayConnection.class);
  private static final int NORMAL = 1000;
  private static final int ABNORMAL = 1006;
  static final int TICK_TIMEOUT = 4000;

  /** What the owner of the connection hears. */
  interface Listener {
    /** An event after hello-ok (anything but the challenge). */
    void onEvent(GatewayFrame.Event event);

    /** The event {@code seq} jumped: {@code count} events were never received. */
    void onEventsLost(long count);

    /** The established connection ended; called once. */
    void onClosed(GatewayConnection connection, CloseInfo info);
  }

  private enum Phase { AWAITING_CHALLENGE, AWAITING_HELLO, OPEN, CLOSED }

  private final Vertx vertx;
  private final WebSocket ws;
  private final GatewaySettings settings;
  private final ConnectRole role;
  private final PendingRequests pending;
  private final ProblemLog problems;
  private Listener listener;
  private Phase phase = Phase.AWAITING_CHALLENGE;
  private HelloOk hello;
  private long lastFrameAt = System.nanoTime();
  private long lastSeq;
  private long watchdog = -1;
  private Long restartExpectedMs;
  private Integer localCloseCode;
  private String localCloseReason;

  private GatewayConnection(Vertx vertx, WebSocket ws, GatewaySettings settings, ConnectRole role,
      ProblemLog problems) {
    this.vertx = vertx;
    this.ws = ws;
    this.settings = settings;
    this.role = role;
    this.problems = problems;
    this.pending = new PendingRequests(vertx);
  }

  /**
   * Connects and completes the handshake within {@code connectTimeoutMs}. Fails with a
   * {@link ConnectFailure}: rejected (the gateway's error) or unreachable.
   */
  static Future<GatewayConnection> open(Vertx vertx, WebSocketClient client, GatewaySettings settings,
      ConnectRole role, DeviceIdentity identity, ConnectAuth auth, ProblemLog problems, Listener listener) {
    Promise<GatewayConnection> established = Promise.promise();
    long timer = vertx.setTimer(settings.connectTimeoutMs(), t -> established.tryFail(ConnectFailure.unreachable(
        "no hello-ok from " + settings.url() + " within " + settings.connectTimeoutMs() + " ms", null)));
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setAbsoluteURI(settings.url())
        .setConnectTimeout(settings.connectTimeoutMs())
        .setAllowOriginHeader(false);
    client.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        established.tryFail(ConnectFailure.unreachable(unreachable(settings, ar.cause()), ar.cause()));
        return;
      }
      GatewayConnection conn = new GatewayConnection(vertx, ar.result(), settings, role, problems);
      conn.startHandshake(identity, auth, established, listener);
    });
    return established.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void startHandshake(DeviceIdentity identity, ConnectAuth auth, Promise<GatewayConnection> established,
      Listener owner) {
    listener = owner;
    // A socket error is followed by the close, which is what gets reported (once, with its code).
    ws.exceptionHandler(err -> {
      if (tooLarge(err)) {
        // the transport closes the connection (1009): the gateway is not at fault, the limit is ours
        problems.warn("oversized", "a message from the gateway was larger than gateway.maxPayloadBytes ("
            + settings.maxPayloadBytes() + " bytes): the connection is closed and opened again; raise "
            + "gateway.maxPayloadBytes if replies this large are expected");
      } else {
        LOG.debug("gateway connection error: {}", describe(err));
      }
    });
    ws.closeHandler(v -> onSocketClosed(established));
    ws.textMessageHandler(text -> onText(text, identity, auth, established));
    ws.binaryMessageHandler(buf -> problems.warn("binary", "a binary frame (" + buf.length()
        + " bytes) from the gateway was ignored"));
    // a connection that failed its handshake is closed at once: its owner only ever holds open ones
    established.future().onFailure(err -> close(NORMAL, "handshake failed"));
  }

  /** Whether the transport refused a frame or message for its size (Netty names it in the exception). */
  static boolean tooLarge(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (name.contains("TooLong") || message.contains("max frame length") || message.contains("too large")
          || message.contains("too big") || message.contains("message length")) {
        return true;
      }
    }
    return false;
  }

  private void onText(String text, DeviceIdentity identity, ConnectAuth auth, Promise<GatewayConnection> established) {
    lastFrameAt = System.nanoTime();
    int limit = phase == Phase.OPEN ? Math.min(hello.maxPayload(), settings.maxPayloadBytes())
        : settings.maxPayloadBytes();
    if (exceeds(text, limit)) {
      problems.warn("oversized", "a frame of " + utf8Length(text) + " bytes from the gateway exceeds the limit of "
          + limit + " bytes and was dropped");
      return;
    }
    GatewayFrame frame;
    try {
      frame = FrameCodec.decode(text);
    } catch (ProtocolException e) {
      problems.warn(e.kind(), e.getMessage());
      return;
    }
    switch (phase) {
      case AWAITING_CHALLENGE -> onChallenge(frame, identity, auth, established);
      case AWAITING_HELLO -> {
        if (frame instanceof GatewayFrame.Response r) {
          onResponse(r);
        }
      }
      case OPEN -> onOpenFrame(frame);
      case CLOSED -> {
        // late frame on a closing socket: nothing listens any more
      }
    }
  }

  private void onChallenge(GatewayFrame frame, DeviceIdentity identity, ConnectAuth auth,
      Promise<GatewayConnection> established) {
    if (!(frame instanceof GatewayFrame.Event e) || !"connect.challenge".equals(e.name())) {
      problems.warn("before-challenge", "a frame before connect.challenge was ignored");
      return;
    }
    ConnectParams.Challenge challenge;
    try {
      challenge = ConnectParams.Challenge.of(e.payload());
    } catch (ProtocolException ex) {
      established.tryFail(ConnectFailure.unreachable("the gateway sent a bad challenge: " + ex.getMessage(), ex));
      return;
    }
    phase = Phase.AWAITING_HELLO;
    send("connect", ConnectParams.build(settings, role, identity, auth, challenge), settings.connectTimeoutMs())
        .onSuccess(payload -> {
          try {
            hello = HelloOk.of(payload);
          } catch (ProtocolException ex) {
            established.tryFail(ConnectFailure.unreachable(ex.getMessage(), ex));
            return;
          }
          phase = Phase.OPEN;
          startWatchdog();
          established.tryComplete(this);
        })
        .onFailure(err -> established.tryFail(err instanceof GatewayRequestException gre && gre.error() != null
            ? ConnectFailure.rejected(gre.error())
            : ConnectFailure.unreachable("no answer to connect: " + err.getMessage(), err)));
  }

  private void onResponse(GatewayFrame.Response r) {
    if (!pending.complete(r)) {
      problems.warn("unknown-response", "a response for unknown request id " + r.id() + " was ignored");
    }
  }

  private void onOpenFrame(GatewayFrame frame) {
    if (frame instanceof GatewayFrame.Response r) {
      onResponse(r);
      return;
    }
    GatewayFrame.Event e = (GatewayFrame.Event) frame;
    if (e.seq() != null) {
      long seq = e.seq();
      if (lastSeq > 0 && seq > lastSeq + 1) {
        problems.warn("seq-gap", "gateway events " + (lastSeq + 1) + ".." + (seq - 1) + " never arrived; the "
            + "session will be reconciled from chat.history");
        listener.onEventsLost(seq - lastSeq - 1);
      }
      lastSeq = Math.max(lastSeq, seq);
    }
    if ("shutdown".equals(e.name())) {
      restartExpectedMs = e.payload().getValue("restartExpectedMs") instanceof Number n ? n.longValue() : null;
      LOG.info("the gateway is shutting down ({}){}", e.payload().getValue("reason"),
          restartExpectedMs == null ? "" : "; it expects to be back in " + restartExpectedMs + " ms");
    }
    listener.onEvent(e);
  }

  private void startWatchdog() {
    long silence = Math.round(hello.tickIntervalMs() * settings.tickTimeoutFactor());
    long period = Math.max(50, Math.min(hello.tickIntervalMs() / 4, 5_000));
    watchdog = vertx.setPeriodic(period, id -> {
      long quietMs = (System.nanoTime() - lastFrameAt) / 1_000_000;
      if (quietMs > silence) {
        LOG.warn("nothing from the gateway for {} ms (tick interval {} ms): reconnecting", quietMs,
            hello.tickIntervalMs());
        close(TICK_TIMEOUT, "tick timeout");
      }
    });
  }

  /** Sends a request; the future completes with the response payload or fails (gateway error, timeout, close). */
  Future<JsonObject> request(String method, JsonObject params) {
    if (phase != Phase.OPEN) {
      return Future.failedFuture(GatewayRequestException.notConnected(settings.url(), "connection " + phase
          .name().toLowerCase().replace('_', ' ')));
    }
    return request(method, params, settings.requestTimeoutMs());
  }

  /** The same, with a timeout of its own (a synthesis the speaker waits for must not take the default). */
  Future<JsonObject> request(String method, JsonObject params, long timeoutMs) {
    if (phase != Phase.OPEN) {
      return Future.failedFuture(GatewayRequestException.notConnected(settings.url(), "connection " + phase
          .name().toLowerCase().replace('_', ' ')));
    }
    return send(method, params, timeoutMs);
  }

  private Future<JsonObject> send(String method, JsonObject params, long timeoutMs) {
    Promise<JsonObject> promise = Promise.promise();
    String id = pending.register(method, timeoutMs, promise);
    ws.writeTextMessage(FrameCodec.request(id, method, params))
        .onFailure(err -> pending.fail(id, GatewayRequestException.notConnected(settings.url(),
            "writing " + method + " failed: " + describe(err))));
    return promise.future();
  }

  HelloOk hello() {
    return hello;
  }

  boolean isOpen() {
    return phase == Phase.OPEN;
  }

  /** Closes the connection; its listener hears {@link Listener#onClosed} with this code and reason. */
  void close(int code, String reason) {
    if (phase == Phase.CLOSED || localCloseCode != null) {
      return;
    }
    localCloseCode = code;
    localCloseReason = reason;
    ws.close((short) code, reason).onFailure(err -> onSocketClosed(null));
  }

  private void onSocketClosed(Promise<GatewayConnection> established) {
    if (phase == Phase.CLOSED) {
      return;
    }
    boolean wasOpen = phase == Phase.OPEN;
    phase = Phase.CLOSED;
    if (watchdog >= 0) {
      vertx.cancelTimer(watchdog);
    }
    int code = localCloseCode != null ? localCloseCode : ws.closeStatusCode() != null ? ws.closeStatusCode() : ABNORMAL;
    String reason = localCloseReason != null ? localCloseReason : ws.closeReason() == null ? "" : ws.closeReason();
    pending.failAll("the connection closed (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
    if (established != null) {
      established.tryFail(ConnectFailure.unreachable("the gateway closed the connection before hello-ok (" + code
          + (reason.isEmpty() ? "" : ": " + reason) + ")", null));
    }
    if (wasOpen && listener != null) {
      listener.onClosed(this, new CloseInfo(code, reason, restartExpectedMs));
    }
  }

  private static boolean exceeds(String text, int limitBytes) {
    // chars never outnumber UTF-8 bytes, and one char is at most 3 bytes: count exactly only when it matters
    return text.length() > limitBytes || ((long) text.length() * 3 > limitBytes && utf8Length(text) > limitBytes);
  }

  static long utf8Length(String s) {
    long bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Why a connection could not be made, saying what to do when it is the gateway's TLS certificate. */
  static String unreachable(GatewaySettings settings, Throwable err) {
    String url = settings.url();
    Throwable tls = null;
    Throwable deepest = err;
    for (Throwable c = err; c != null && c.getCause() != c; c = c.getCause()) {
      if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) {
        tls = tls == null ? c : tls;
      }
      deepest = c;
    }
    if (tls == null) {
      return "cannot reach the gateway at " + url + ": " + describe(err);
    }
    String advice = settings.tlsCaFile()
        .map(ca -> "Its certificate is trusted neither by the JVM's trust store nor by gateway.tlsCaFile (" + ca
            + "): check that this is the certificate (or CA) that signed the gateway's")
        .orElse("If its certificate is self-signed or from a private CA, set gateway.tlsCaFile to that "
            + "certificate (PEM)");
    return "TLS with the gateway at " + url + " failed: " + describe(deepest) + ". " + advice
        + "; it must also name the host in gateway.url";
  }

  static String describe(Throwable err) {
    String msg = err.getMessage();
    return msg == null || msg.isBlank() ? err.getClass().getSimpleName() : msg;
  }
}
