package dev.voicebridge.gateway;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.AbortRequest;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.HistoryRequest;
import dev.voicebridge.bus.GatewayMessages.SendRequest;
import dev.voicebridge.bus.GatewayMessages.SendResult;
import dev.voicebridge.bus.GatewayMessages.SpeakRequest;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.TrustOptions;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenClaw Gateway client: keeps one authenticated WebSocket connection to {@code gateway.url}, serves
 * {@code gateway.send}, {@code gateway.abort} and {@code gateway.history} over it, and publishes the
 * connection state ({@code gateway.status}) and every run's replies and tool calls.
 *
 * <p>It reconnects forever with exponential backoff and jitter (honouring a {@code shutdown} event's
 * restart delay and an {@code UNAVAILABLE} retry hint), except after a refusal no retry can cure (a wrong
 * token, a device that must be approved): then it logs one message saying what to fix and publishes
 * DISCONNECTED with {@code willRetry:false}. A missing gateway never stops the bridge from starting.
 */
public final class GatewayClientVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayClientVerticle.class);

  private final GatewaySettings settings;
  private final IdentityStore identities;
  private final Backoff backoff;
  private final ProblemLog problems = new ProblemLog(LOG);
  private WebSocketClient client;
  private RunStreams runs;
  private final VoiceWakeSync voiceWake = new VoiceWakeSync();
  /** The gateway said Talk has no usable speech provider: sentences go to tts.speak instead (event loop). */
  private boolean talkSpeakUnconfigured;
  private DeviceIdentity identity;
  private Optional<DeviceToken> storedToken = Optional.empty();
  private GatewayConnection connection;
  private long reconnectTimer = -1;
  private boolean stopped;
  private boolean halted;
  private boolean deviceTokenRetry;
  private boolean deviceTokenRetryUsed;
  private boolean everConnected;
  private String lastProblem = "not connected yet";

  /** What is read from the identity directory at start. */
  private record Credentials(DeviceIdentity identity, Optional<DeviceToken> deviceToken) {
  }

  public GatewayClientVerticle(GatewaySettings settings) {
    this.settings = settings;
    this.identities = new IdentityStore(settings.identityDir());
    this.backoff = new Backoff(settings.backoff());
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    runs = new RunStreams(bus, problems);
    Bus.serve(bus, Addresses.GATEWAY_SEND, SendRequest.class, this::send);
    Bus.serve(bus, Addresses.GATEWAY_ABORT, AbortRequest.class, req -> call("chat.abort", abortParams(req)));
    Bus.serve(bus, Addresses.GATEWAY_HISTORY, HistoryRequest.class, req -> call("chat.history", historyParams(req)));
    Bus.serve(bus, Addresses.GATEWAY_SPEAK, SpeakRequest.class, this::speak);
    // The CA and key files are read on a worker; the bridge does not wait for the gateway to start.
    vertx.executeBlocking(() -> settings.tlsCaFile().map(GatewayTrust::withCaFile))
        .onFailure(err -> halt("TLS_CA_UNUSABLE", err.getMessage()))
        .onSuccess(trust -> {
          if (stopped) {
            return;
          }
          client = vertx.createWebSocketClient(clientOptions(trust));
          loadIdentityAndConnect();
        });
    return Future.succeededFuture();
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
    vertx.executeBlocking(() -> new Credentials(identities.loadOrCreate(), identities.deviceToken(settings.url())))
        .onSuccess(loaded -> {
          identity = loaded.identity();
          storedToken = loaded.deviceToken();
          LOG.debug("device {} ({}), {}", identity.deviceId(), settings, storedToken.isPresent()
              ? "device token stored" : "no device token yet");
          connect();
        })
        .onFailure(err -> halt("IDENTITY_UNAVAILABLE", err.getMessage()));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(reconnectTimer);
    if (connection != null) {
      connection.close(1000, "bridge stopping");
    }
    return client == null ? Future.succeededFuture() : client.close();
  }

  // ---- connection lifecycle ------------------------------------------------------------------------

  private void connect() {
    if (stopped || halted) {
      return;
    }
    publish(GatewayStatus.connecting(settings.url()));
    boolean withDeviceToken = deviceTokenRetry;
    deviceTokenRetry = false;
    ConnectAuth auth = ConnectAuth.select(settings, storedToken, withDeviceToken);
    GatewayConnection.open(vertx, client, settings, identity, auth, problems, listener)
        .onSuccess(conn -> onConnected(conn, withDeviceToken))
        .onFailure(err -> onConnectFailed(err, auth));
  }

  private final GatewayConnection.Listener listener = new GatewayConnection.Listener() {
    @Override
    public void onEvent(GatewayFrame.Event event) {
      if ("chat".equals(event.name()) || "agent".equals(event.name())) {
        runs.onEvent(event);
      } else if ("voicewake.changed".equals(event.name())) {
        voiceWake.triggers(event.payload()).ifPresent(GatewayClientVerticle.this::publishVoiceWake);
      } else if ("voicewake.routing.changed".equals(event.name())) {
        voiceWake.routing(event.payload()).ifPresent(GatewayClientVerticle.this::publishVoiceWake);
      } else if ("config.changed".equals(event.name())) {
        // The only word that Talk settings changed: the gateway has no talk-specific event.
        talkSpeakUnconfigured = false;
        fetchTalkConfig();
      }
    }

    @Override
    public void onEventsLost(long count) {
      HelloOk hello = connection.hello();
      publish(GatewayStatus.connected(settings.url(), hello.serverVersion(), hello.connId(), hello.defaultAgentId(),
          count));
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
      long delay = info.restartExpectedMs() != null ? Math.max(100, info.restartExpectedMs()) : backoff.next();
      if (info.code() == 1012 || info.restartExpectedMs() != null) {
        LOG.info("the gateway restarts ({} {}); reconnecting in {} ms", info.code(), info.reason(), delay);
      } else {
        LOG.warn("lost the gateway connection ({}{}); reconnecting in {} ms", info.code(),
            info.reason().isEmpty() ? "" : " " + info.reason(), delay);
      }
      publish(GatewayStatus.disconnected(settings.url(), info.code(), info.reason(), true, delay, null));
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
    LOG.info("connected to the OpenClaw gateway at {} (server {}{})", settings.url(), hello.serverVersion(),
        attempts > 0 ? ", after " + (attempts + 1) + " attempts" : "");
    if (usedDeviceTokenRetry) {
      LOG.warn("the configured gateway token was refused; connected with this device's stored token instead: "
          + "correct gateway.token (or VOICE_BRIDGE_GATEWAY_TOKEN / --token)");
    }
    deviceTokenRetryUsed = false;
    everConnected = true;
    rememberDeviceToken(hello.deviceToken());
    publish(GatewayStatus.connected(settings.url(), hello.serverVersion(), hello.connId(), hello.defaultAgentId(),
        null));
    talkSpeakUnconfigured = false;
    fetchVoiceWake();
    fetchTalkConfig();
  }

  /** The user's Talk settings, read on every connect and after every {@code config.changed}. */
  private void fetchTalkConfig() {
    call("talk.config", new JsonObject())
        .onSuccess(payload -> TalkConfigSync.parse(payload).ifPresent(talk -> {
          LOG.debug("gateway Talk settings: {}", talk);
          Bus.publish(vertx.eventBus(), Addresses.GATEWAY_TALK, talk);
        }))
        .onFailure(e -> LOG.debug("no Talk settings from the gateway: {}", e.getMessage()));
  }

  /**
   * The wake triggers and their routes, read on every connect: they may have changed while the bridge was
   * away, and the gateway never broadcasts routing changes to operators. A gateway without the triggers
   * method leaves the local wake phrase alone; one without routes sends every trigger's turn here.
   */
  private void fetchVoiceWake() {
    call("voicewake.get", new JsonObject())
        .onSuccess(voiceWake::triggers)
        .compose(t -> call("voicewake.routing.get", new JsonObject())
            .onSuccess(voiceWake::routing)
            .otherwise(e -> {
              LOG.debug("no wake-trigger routes from the gateway ({}): every trigger's turn goes to this session",
                  e.getMessage());
              return null;
            }))
        .onSuccess(v -> publishVoiceWake(voiceWake.current()))
        .onFailure(e -> LOG.debug("no voice-wake triggers from the gateway: {}", e.getMessage()));
  }

  private void publishVoiceWake(VoiceWake wake) {
    LOG.debug("gateway wake triggers {} ({} routes)", wake.triggers(), wake.routes().size());
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_VOICEWAKE, wake);
  }

  private void onConnectFailed(Throwable err, ConnectAuth used) {
    if (stopped) {
      return;
    }
    GatewayError rejection = err instanceof ConnectFailure cf ? cf.rejection() : null;
    if (rejection == null) {
      lastProblem = err.getMessage();
      retryLater(null, err.getMessage(), null);
      return;
    }
    ConnectFailurePolicy.Decision decision = ConnectFailurePolicy.decide(rejection, settings, used,
        storedToken.isPresent(), deviceTokenRetryUsed);
    if (decision instanceof ConnectFailurePolicy.Decision.RetryWithDeviceToken) {
      LOG.debug("the token was refused; retrying once with the stored device token");
      deviceTokenRetry = true;
      deviceTokenRetryUsed = true;
      schedule(0);
    } else if (decision instanceof ConnectFailurePolicy.Decision.Retry r) {
      lastProblem = r.reason();
      retryLater(r.delayMs(), r.reason(), rejection.specificCode());
    } else if (decision instanceof ConnectFailurePolicy.Decision.Stop s) {
      if (s.clearStoredDeviceToken()) {
        storedToken = Optional.empty();
        vertx.executeBlocking(() -> {
          identities.clearDeviceToken(settings.url());
          return null;
        }).onFailure(e -> LOG.warn("could not forget the refused device token: {}", e.getMessage()));
      }
      halt(rejection.specificCode(), s.message());
    }
  }

  private void retryLater(Long hintMs, String why, String errorCode) {
    long delay = hintMs != null ? hintMs : backoff.next();
    if (hintMs != null) {
      LOG.debug("{}; retrying in {} ms as the gateway asked", why, delay);
    } else if (backoff.attempts() == 1) {
      LOG.warn("{}; retrying in {} ms{}", why, delay, everConnected ? "" : " (the bridge keeps running; retries are "
          + "logged at debug level until it connects)");
    } else {
      LOG.debug("{}; retry {} in {} ms", why, backoff.attempts(), delay);
    }
    publish(GatewayStatus.disconnected(settings.url(), null, why, true, delay, errorCode));
    schedule(delay);
  }

  /** Stops reconnecting until the bridge is restarted: a person has to fix something first. */
  private void halt(String errorCode, String message) {
    halted = true;
    lastProblem = message;
    LOG.error("{}", message);
    publish(GatewayStatus.disconnected(settings.url(), null, message, false, null, errorCode));
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
    }).onSuccess(v -> LOG.debug("stored the device token the gateway issued ({})", issued))
        .onFailure(e -> LOG.warn("could not store the gateway's device token: {}", e.getMessage()));
  }

  // ---- requests ------------------------------------------------------------------------------------

  private Future<SendResult> send(SendRequest req) {
    JsonObject params = new JsonObject().put("sessionKey", req.sessionKey()).put("message", req.text())
        .put("idempotencyKey", req.idempotencyKey());
    if (req.queueMode() != null && !req.queueMode().isBlank()) {
      params.put("queueMode", req.queueMode());
    }
    return call("chat.send", params).compose(p -> p.getValue("runId") instanceof String runId
        ? Future.succeededFuture(new SendResult(runId, p.getValue("status") instanceof String s ? s : null))
        : Future.failedFuture(new GatewayRequestException(502, "chat.send was acknowledged without a runId", null)));
  }

  /**
   * One sentence in the user's Talk voice: {@code talk.speak} (the Talk provider, as the gateway's own
   * Talk clients speak), or {@code tts.speak} (the general TTS chain) once the gateway said Talk has no
   * usable provider — until the next connect or config change.
   */
  private Future<SpeakResult> speak(SpeakRequest req) {
    if (talkSpeakUnconfigured) {
      return speakWith("tts.speak", req);
    }
    return speakWith("talk.speak", req).recover(e -> {
      if (!(e instanceof GatewayRequestException g) || g.error() == null
          || !Boolean.TRUE.equals(g.error().details().getValue("fallbackEligible"))) {
        return Future.failedFuture(e);
      }
      LOG.info("the gateway has no Talk voice ({}): speaking with its TTS settings (tts.speak)", g.error());
      talkSpeakUnconfigured = true;
      return speakWith("tts.speak", req);
    });
  }

  private Future<SpeakResult> speakWith(String method, SpeakRequest req) {
    return call(method, new JsonObject().put("text", req.text()), req.timeoutMs()).compose(p -> speakResult(p, method));
  }

  private static Future<SpeakResult> speakResult(JsonObject p, String method) {
    if (!(p.getValue("audioBase64") instanceof String audio) || audio.isEmpty()) {
      return Future.failedFuture(new GatewayRequestException(502, method + " answered without audio", null));
    }
    return Future.succeededFuture(new SpeakResult(audio, p.getValue("provider") instanceof String pr ? pr : null,
        p.getValue("outputFormat") instanceof String f ? f : null,
        p.getValue("mimeType") instanceof String m ? m : null, method));
  }

  private Future<JsonObject> call(String method, JsonObject params) {
    return call(method, params, settings.requestTimeoutMs());
  }

  private Future<JsonObject> call(String method, JsonObject params, long timeoutMs) {
    GatewayConnection conn = connection;
    if (conn == null || !conn.isOpen()) {
      return Future.failedFuture(GatewayRequestException.notConnected(settings.url(), lastProblem));
    }
    return conn.request(method, params, timeoutMs);
  }

  private static JsonObject abortParams(AbortRequest req) {
    JsonObject params = new JsonObject().put("sessionKey", req.sessionKey());
    if (req.runId() != null && !req.runId().isBlank()) {
      params.put("runId", req.runId());
    }
    return params;
  }

  private static JsonObject historyParams(HistoryRequest req) {
    JsonObject params = new JsonObject().put("sessionKey", req.sessionKey());
    if (req.limit() != null && req.limit() > 0) {
      params.put("limit", req.limit());
    }
    return params;
  }

  private void publish(GatewayStatus status) {
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_STATUS, status);
  }
}
