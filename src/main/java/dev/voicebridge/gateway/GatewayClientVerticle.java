package dev.voicebridge.gateway;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SessionMessages.TurnHeld;
import dev.voicebridge.bus.GatewayMessages.AbortRequest;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.HistoryRequest;
import dev.voicebridge.bus.GatewayMessages.SendRequest;
import dev.voicebridge.bus.GatewayMessages.SendResult;
import dev.voicebridge.bus.GatewayMessages.SpeakRequest;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import dev.voicebridge.bus.NodeMessages.NodeState;
import dev.voicebridge.bus.NodeMessages.NodeStateRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenClaw Gateway client: keeps one authenticated WebSocket connection to {@code gateway.url}, serves
 * {@code gateway.send}, {@code gateway.abort} and {@code gateway.history} over it, and publishes the
 * connection state ({@code gateway.status}) and every run's replies and tool calls.
 *
 * <p>The connection itself — credentials, reconnects, refusals no retry can cure — is its {@link GatewayLink}'s
 * (shared with the node client). A missing gateway never stops the bridge from starting.
 */
public final class GatewayClientVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayClientVerticle.class);

  private final GatewaySettings settings;
  private final IdentityStore identities;
  private final ProblemLog problems = new ProblemLog(LOG);
  private GatewayLink link;
  private RunStreams runs;
  private final VoiceWakeSync voiceWake = new VoiceWakeSync();
  /** The gateway said Talk has no usable speech provider: sentences go to tts.speak instead (event loop). */
  private boolean talkSpeakUnconfigured;

  public GatewayClientVerticle(GatewaySettings settings) {
    this.settings = settings;
    this.identities = new IdentityStore(settings.identityDir());
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    runs = new RunStreams(bus, problems);
    link = new GatewayLink(vertx, settings, ConnectRole.operator(settings), identities, owner, LOG);
    Bus.serve(bus, Addresses.GATEWAY_SEND, SendRequest.class, this::send);
    Bus.serve(bus, Addresses.GATEWAY_ABORT, AbortRequest.class, req -> link.call("chat.abort", abortParams(req)));
    Bus.serve(bus, Addresses.GATEWAY_HISTORY, HistoryRequest.class, req -> link.call("chat.history",
        historyParams(req)));
    Bus.serve(bus, Addresses.GATEWAY_SPEAK, SpeakRequest.class, this::speak);
    Bus.serve(bus, Addresses.GATEWAY_NODE_STATE, NodeStateRequest.class, this::nodeState);
    // A user's turn the gateway could not take: connect now and keep trying briskly until it can.
    Bus.on(bus, Addresses.SESSION_TURN_HELD, TurnHeld.class, h -> {
      if ("unreachable".equals(h.reason())) {
        link.hurry();
      }
    });
    link.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return link.stop();
  }

  private final GatewayLink.Owner owner = new GatewayLink.Owner() {
    @Override
    public void onOpen(HelloOk hello) {
      talkSpeakUnconfigured = false;
      fetchVoiceWake();
      fetchTalkConfig();
    }

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
    public void onEventsLost(HelloOk hello, long count) {
      publish(GatewayStatus.connected(settings.url(), hello.serverVersion(), hello.connId(), hello.defaultAgentId(),
          count));
    }

    @Override
    public void onStatus(GatewayStatus status) {
      publish(status);
    }
  };

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

  /** What the gateway knows of a node (node.list, operator.read): the node itself cannot ask. */
  private Future<NodeState> nodeState(NodeStateRequest req) {
    return call("node.list", new JsonObject()).map(list -> {
      for (Object o : list.getJsonArray("nodes", new io.vertx.core.json.JsonArray())) {
        if (o instanceof JsonObject n && req.nodeId().equals(n.getString("nodeId"))) {
          return new NodeState(req.nodeId(), n.getValue("approvalState") instanceof String a ? a : "unknown",
              n.getValue("pendingRequestId") instanceof String p ? p : null,
              n.getValue("displayName") instanceof String d ? d : null, Boolean.TRUE.equals(n.getValue("connected")));
        }
      }
      return new NodeState(req.nodeId(), "unknown", null, null, false);
    });
  }

  private Future<JsonObject> call(String method, JsonObject params) {
    return link.call(method, params);
  }

  private Future<JsonObject> call(String method, JsonObject params, long timeoutMs) {
    return link.call(method, params, timeoutMs);
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
