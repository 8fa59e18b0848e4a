package dev.voicebridge.gateway;

import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;

/**
 * One role's connection to the gateway kept alive: loads (or makes) the device identity, connects with the
 * credentials {@link ConnectAuth} chooses, stores the device token {@code hello-ok} issues, and reconnects
 * forever with backoff and jitter (honouring a {@code shutdown} event's restart delay and an
 * {@code UNAVAILABLE} retry hint) — except after a refusal no retry can cure ({@link ConnectFailurePolicy}),
 * when it logs one message saying what to fix and reports DISCONNECTED with {@code willRetry:false}.
 *
 * <p>The operator client and the node client each own one; what they do with the connection (requests,
 * events) is theirs. Lives on the event loop of the verticle that owns it; identity files are read and
 * written on a worker.
 */
public final class GatewayLink {

  /** What the owner of the link hears, on its event loop. */
  public interface Owner {
    /** A connection is up (again): {@code hello}'s facts are fresh. */
    void onOpen(HelloOk hello);

    void onEvent(GatewayFrame.Event event);

    /** The connection's event {@code seq} jumped over {@code count} events. */
    void onEventsLost(HelloOk hello, long count);

    /** CONNECTING, CONNECTED or DISCONNECTED (with whether it will retry). */
    void onStatus(GatewayStatus status);
  }

  private final Vertx vertx;
  private final GatewaySettings settings;
  private final ConnectRole role;
  private final IdentityStore identities;
  private final Owner owner;
  private final Logger log;
  private final ProblemLog problems;
  private final Backoff backoff;
  private WebSocketClient client;
  private DeviceIdentity identity;
  private Optional<DeviceToken> storedToken = Optional.empty();
  private GatewayConnection connection;
  private long reconnectTimer = -1;
  private boolean stopped;
  private boolean halted;
  private boolean deviceTokenRetry;
  private boolean deviceTokenRetryUsed;
  private boolean everConnected;
  /** An attempt to connect is under way (between connect() and its outcome). */
  private boolean attempting;
  /** Someone waits for the gateway (a user's turn): retries come every {@link #HURRIED_RETRY_MS} until connected. */
  private boolean hurried;
  private String lastProblem = "not connected yet";

  /**
   * How often a link retries while a user's turn waits for it. Backing off to half a minute is right for an
   * idle device; a person who just asked something hears the answer at most this long after the gateway is
   * back.
   */
  // A refused connect costs next to nothing, and a person is waiting: a quarter of a second keeps the lag after
  // the gateway comes back well under what they notice (bench faults).
  static final long HURRIED_RETRY_MS = 250;

  /** What is read from the identity directory at start. */
  private record Credentials(DeviceIdentity identity, Optional<DeviceToken> deviceToken) {
  }

  /**
   * @param identities where this role's key pair and device token live (the node has a key pair of its own)
   * @param log        the owner's logger: messages read as the owner's
   */
  public GatewayLink(Vertx vertx, GatewaySettings settings, ConnectRole role, IdentityStore identities, Owner owner,
      Logger log) {
    this.vertx = vertx;
    this.settings = settings;
    this.role = role;
    this.identities = identities;
    this.owner = owner;
    this.log = log;
    this.problems = new ProblemLog(log);
    this.backoff = new Backoff(settings.backoff());
  }

  /** Starts connecting; never waits for the gateway. The CA and key files are read on a worker. */
  public void start() {
    vertx.executeBlocking(() -> settings.tlsCaFile().map(GatewayTrust::withCaFile))
        .onFailure(err -> halt("TLS_CA_UNUSABLE", err.getMessage()))
        .onSuccess(trust -> {
          if (stopped) {
            return;
          }
          client = vertx.createWebSocketClient(clientOptions(trust));
          loadIdentityAndConnect();
        });
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(reconnectTimer);
    if (connection != null) {
      connection.close(1000, "bridge stopping");
    }
    return client == null ? Future.succeededFuture() : client.close();
  }

  /** This role's device id (null until the identity is loaded). */
  public String deviceId() {
    return identity == null ? null : identity.deviceId();
  }

  /** A request over the open connection; fails at once with 503 when there is none. */
  public Future<JsonObject> call(String method, JsonObject params) {
    return call(method, params, settings.requestTimeoutMs());
  }

  public Future<JsonObject> call(String method, JsonObject params, long timeoutMs) {
    GatewayConnection conn = connection;
    if (conn == null || !conn.isOpen()) {
      return Future.failedFuture(GatewayRequestException.notConnected(settings.url(), lastProblem));
    }
    return conn.request(method, params, timeoutMs);
  }

  private WebSocketClientOptions clientOptions(Optional<TrustManagerFactory> trust) {
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setMaxFrameSize(settings.maxPayloadBytes())
        .setMaxMessageSize(settings.maxPayloadBytes())
        .setConnectTimeout(settings.connectTimeoutMs());
    // gateway.tlsCaFile: the JVM's trust store plus that file (GatewayTrust); the host name is still verified.
    trust.ifPresent(factory -> options.setTrustOptions(TrustOptions.wrap(factory)));
    return options;
  }

  private void loadIdentityAndConnect() {
    vertx.executeBlocking(() -> new Credentials(identities.loadOrCreate(),
            identities.deviceToken(settings.url())))
        .onSuccess(loaded -> {
          identity = loaded.identity();
          storedToken = loaded.deviceToken();
          log.debug("{} device {} ({}), {}", role.role(), identity.deviceId(), settings, storedToken.isPresent()
              ? "device token stored" : "no device token yet");
          connect();
        })
        .onFailure(err -> halt("IDENTITY_UNAVAILABLE", err.getMessage()));
  }

  // ---- connection lifecycle ------------------------------------------------------------------------

  /**
   * A user's turn waits for the gateway: if the link is down and not already trying, try now, and from now on
   * until it connects retry every {@link #HURRIED_RETRY_MS} instead of backing off further.
   */
  public void hurry() {
    if (stopped || halted || identity == null) {
      return; // stopped, given up for a reason a retry cannot cure, or the first attempt is still to come
    }
    hurried = true;
    if (connection != null || attempting) {
      return;
    }
    log.debug("a turn waits for the gateway: trying to connect now");
    vertx.cancelTimer(reconnectTimer);
    connect();
  }

  private long retryDelay(long planned) {
    return hurried ? Math.min(planned, HURRIED_RETRY_MS) : planned;
  }

  private void connect() {
    if (stopped || halted) {
      return;
    }
    attempting = true;
    owner.onStatus(GatewayStatus.connecting(settings.url()));
    boolean withDeviceToken = deviceTokenRetry;
    deviceTokenRetry = false;
    ConnectAuth auth = ConnectAuth.select(settings, storedToken, withDeviceToken);
    GatewayConnection.open(vertx, client, settings, role, identity, auth, problems, listener)
        .onComplete(ar -> attempting = false)
        .onSuccess(conn -> onConnected(conn, withDeviceToken))
        .onFailure(err -> onConnectFailed(err, auth));
  }

  private final GatewayConnection.Listener listener = new GatewayConnection.Listener() {
    @Override
    public void onEvent(GatewayFrame.Event event) {
      owner.onEvent(event);
    }

    @Override
    public void onEventsLost(long count) {
      owner.onEventsLost(connection.hello(), count);
    }

    @Override
    public void onClosed(GatewayConnection closed, CloseInfo info) {
      if (closed != connection) {
        return;
      }
      connection = null;
      lastProblem = "the connection closed (" + info.code() + (info.reason().isEmpty() ? "" : " " + info.reason())
          + ")";
      if (stopped) {
        return;
      }
      long delay = info.restartExpectedMs() != null ? Math.max(100, info.restartExpectedMs())
          : retryDelay(backoff.next());
      if (info.code() == 1012 || info.restartExpectedMs() != null) {
        log.info("the gateway restarts ({} {}); reconnecting in {} ms", info.code(), info.reason(), delay);
      } else {
        log.warn("lost the gateway connection ({}{}); reconnecting in {} ms", info.code(),
            info.reason().isEmpty() ? "" : " " + info.reason(), delay);
      }
      owner.onStatus(GatewayStatus.disconnected(settings.url(), info.code(), info.reason(), true, delay, null));
      schedule(delay);
    }
  };

  private void onConnected(GatewayConnection conn, boolean usedDeviceTokenRetry) {
    if (stopped) {
      conn.close(1000, "bridge stopping");
      return;
    }
    connection = conn;
    HelloOk hello = conn.hello();
    int attempts = backoff.attempts();
    backoff.reset();
    hurried = false;
    log.info("connected to the OpenClaw gateway at {} as {} (server {}{})", settings.url(), role.role(),
        hello.serverVersion(), attempts > 0 ? ", after " + (attempts + 1) + " attempts" : "");
    if (usedDeviceTokenRetry) {
      log.warn("the configured gateway token was refused; connected with this device's stored token instead: "
          + "correct gateway.token (or VOICE_BRIDGE_GATEWAY_TOKEN / --token)");
    }
    deviceTokenRetryUsed = false;
    everConnected = true;
    rememberDeviceToken(hello.deviceToken());
    owner.onStatus(GatewayStatus.connected(settings.url(), hello.serverVersion(), hello.connId(),
        hello.defaultAgentId(), null));
    owner.onOpen(hello);
  }

  private void onConnectFailed(Throwable err, ConnectAuth used) {
    if (stopped) {
      return;
    }
    GatewayError rejection = err instanceof ConnectFailure cf ? cf.rejection() : null;
    if (rejection == null) {
      lastProblem = err.getMessage();
      // An unreachable gateway is the operator connection's to report: the node's goes to the same one.
      retryLater(null, err.getMessage(), null, role.isNode());
      return;
    }
    ConnectFailurePolicy.Decision decision = ConnectFailurePolicy.decide(rejection, settings, role, used,
        storedToken.isPresent(), deviceTokenRetryUsed);
    if (decision instanceof ConnectFailurePolicy.Decision.RetryWithDeviceToken) {
      log.debug("the token was refused; retrying once with the stored device token");
      deviceTokenRetry = true;
      deviceTokenRetryUsed = true;
      schedule(0);
    } else if (decision instanceof ConnectFailurePolicy.Decision.Retry r) {
      lastProblem = r.reason();
      retryLater(r.delayMs(), r.reason(), rejection.specificCode(), false);
    } else if (decision instanceof ConnectFailurePolicy.Decision.Stop s) {
      if (s.clearStoredDeviceToken()) {
        storedToken = Optional.empty();
        vertx.executeBlocking(() -> {
          identities.clearDeviceToken(settings.url());
          return null;
        }).onFailure(e -> log.warn("could not forget the refused device token: {}", e.getMessage()));
      }
      halt(rejection.specificCode(), s.message());
    }
  }

  /** @param quiet a failure the user already heard of from another connection (said at debug level) */
  private void retryLater(Long hintMs, String why, String errorCode, boolean quiet) {
    long delay = hintMs != null ? hintMs : retryDelay(backoff.next());
    if (hintMs != null) {
      log.debug("{}; retrying in {} ms as the gateway asked", why, delay);
    } else if (backoff.attempts() == 1 && !quiet) {
      log.warn("{}; retrying in {} ms{}", why, delay, everConnected ? "" : " (the bridge keeps running; retries are "
          + "logged at debug level until it connects)");
    } else {
      log.debug("{}; retry {} in {} ms", why, backoff.attempts(), delay);
    }
    owner.onStatus(GatewayStatus.disconnected(settings.url(), null, why, true, delay, errorCode));
    schedule(delay);
  }

  /** Stops reconnecting until the bridge is restarted: a person has to fix something first. */
  private void halt(String errorCode, String message) {
    halted = true;
    lastProblem = message;
    log.error("{}", message);
    owner.onStatus(GatewayStatus.disconnected(settings.url(), null, message, false, null, errorCode));
  }

  private void schedule(long delayMs) {
    vertx.cancelTimer(reconnectTimer);
    reconnectTimer = vertx.setTimer(Math.max(1, delayMs), t -> connect());
  }

  private void rememberDeviceToken(DeviceToken issued) {
    if (issued == null || storedToken.map(t -> t.token().equals(issued.token())).orElse(false)) {
      return;
    }
    storedToken = Optional.of(issued);
    vertx.executeBlocking(() -> {
      identities.saveDeviceToken(settings.url(), issued);
      return null;
    }).onSuccess(v -> log.debug("stored the device token the gateway issued ({})", issued))
        .onFailure(e -> log.warn("could not store the gateway's device token: {}", e.getMessage()));
  }
}
