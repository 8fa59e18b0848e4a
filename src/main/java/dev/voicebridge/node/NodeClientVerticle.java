package dev.voicebridge.node;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.NodeMessages.Announce;
import dev.voicebridge.bus.NodeMessages.AnnounceAccepted;
import dev.voicebridge.bus.NodeMessages.ListenControl;
import dev.voicebridge.bus.NodeMessages.NodeState;
import dev.voicebridge.bus.NodeMessages.NodeStateRequest;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.gateway.ConnectRole;
import dev.voicebridge.gateway.GatewayFrame;
import dev.voicebridge.gateway.GatewayLink;
import dev.voicebridge.gateway.GatewaySettings;
import dev.voicebridge.gateway.HelloOk;
import dev.voicebridge.gateway.IdentityStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge as an OpenClaw node: a second connection to the gateway ({@code role: "node"}, client
 * {@code node-host}, as OpenClaw's own headless Linux node) through which the agent and the user's other
 * devices reach this device. It declares {@code system.notify} — an announcement, spoken — and
 * {@code talk.ptt.start/stop/cancel/once} — push-to-talk, whose words become the next turn of the
 * conversation like any other. The node has a key pair of its own ({@code identityDir/node}): on a
 * loopback gateway it is then paired silently and only its commands need approving; the command to run
 * is logged with the gateway's request id.
 */
public final class NodeClientVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NodeClientVerticle.class);
  /** How often, and how many times, the approval state is asked after a connect (the operator may come later). */
  private static final long APPROVAL_CHECK_MS = 2_000;
  private static final int APPROVAL_CHECKS = 5;
  /** A once capture is released this long before its answer is due, so that its words are in the answer. */
  private static final long RELEASE_BEFORE_DUE_MS = 2_500;

  private final GatewaySettings gateway;
  private final NodeSettings settings;
  private GatewayLink link;
  private EventBus bus;
  private final PushToTalk ptt = new PushToTalk();
  private final List<Promise<PushToTalk.Result>> captureWaiters = new ArrayList<>();
  private final Map<String, Promise<JsonObject>> announcements = new HashMap<>();
  private String onceInvokeId;
  private boolean operatorOnline;
  private String lastApprovalState;

  public NodeClientVerticle(GatewaySettings gateway, NodeSettings settings) {
    this.gateway = gateway;
    this.settings = settings;
  }

  /** The node's declaration: no scopes, the talk capability with push-to-talk, and the commands it answers. */
  static ConnectRole role(NodeSettings settings) {
    return new ConnectRole("node", "node-host", "node", List.of(), settings.pushToTalk() ? List.of("talk")
        : List.of(), settings.commands(), "Linux", settings.displayName());
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    link = new GatewayLink(vertx, gateway, role(settings), new IdentityStore(gateway.identityDir().resolve("node")),
        owner, LOG);
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> operatorOnline = s.state() == LinkState.CONNECTED);
    Bus.on(bus, Addresses.SPEECH_START, SpeechStart.class, s -> ptt.speechStarted(s.utteranceId(), s.trigger()));
    Bus.on(bus, Addresses.SPEECH_END, SpeechEnd.class,
        e -> ptt.speechEnded(e.utteranceId(), e.reason()).ifPresent(this::captureEnded));
    Bus.on(bus, Addresses.STT_TRANSCRIPT, SttTranscript.class,
        t -> ptt.transcribed(t.utteranceId(), t.text(), operatorOnline).ifPresent(this::captureEnded));
    Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, f -> announced(f.runId(), "spoken"));
    Bus.on(bus, Addresses.TTS_INTERRUPTED, TtsInterrupted.class, i -> announced(i.runId(), "interrupted"));
    link.start();
    LOG.info("node \"{}\": commands {}", settings.displayName(), settings.commands());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return link.stop();
  }

  private final GatewayLink.Owner owner = new GatewayLink.Owner() {
    @Override
    public void onOpen(HelloOk hello) {
      lastApprovalState = null;
      checkApproval(APPROVAL_CHECKS);
    }

    @Override
    public void onEvent(GatewayFrame.Event event) {
      switch (event.name()) {
        case "node.invoke.request" -> NodeInvoke.of(event.payload()).ifPresentOrElse(NodeClientVerticle.this::invoked,
            () -> LOG.warn("a node.invoke.request without an id was ignored"));
        case "node.invoke.cancel" -> invokeCancelled(event.payload().getString("invokeId"));
        case "node.pair.resolved" -> checkApproval(1);
        default -> {
          // voicewake.*, tick, presence: the operator connection acts on those
        }
      }
    }

    @Override
    public void onEventsLost(HelloOk hello, long count) {
      // nothing to reconcile: an invoke that was lost times out at the gateway, and its caller hears so
    }

    @Override
    public void onStatus(GatewayStatus status) {
      Bus.publish(bus, Addresses.NODE_STATUS, status);
    }
  };

  // ---- approval ------------------------------------------------------------------------------------

  /**
   * Asks the gateway (through the operator connection: a node has no read scope) whether this node's
   * commands are approved, and says what to run when they are not. A fresh node on a loopback gateway is
   * paired silently, but its commands wait for the user: until then every invoke is refused.
   */
  private void checkApproval(int triesLeft) {
    String nodeId = link.deviceId();
    if (nodeId == null || triesLeft <= 0) {
      return;
    }
    Bus.request(bus, Addresses.GATEWAY_NODE_STATE, new NodeStateRequest(nodeId), NodeState.class)
        .onSuccess(this::reportApproval)
        .onFailure(err -> vertx.setTimer(APPROVAL_CHECK_MS, t -> checkApproval(triesLeft - 1)));
  }

  private void reportApproval(NodeState state) {
    if (state.approvalState().equals(lastApprovalState)) {
      return;
    }
    lastApprovalState = state.approvalState();
    if ("approved".equals(state.approvalState())) {
      LOG.info("the gateway lists this device as node \"{}\": the agent can reach it ({})",
          state.displayName() == null ? settings.displayName() : state.displayName(), settings.commands());
    } else if (state.approvalState().startsWith("pending")) {
      // The request id is shown only to pairing-scoped clients (the bridge's operator has read+write).
      LOG.warn("the gateway has not approved this device's node commands yet (announcements and push-to-talk "
          + "are refused until then); on the gateway host run: {}", state.pendingRequestId() != null
          ? "openclaw nodes approve " + state.pendingRequestId()
          : "openclaw nodes pending, then openclaw nodes approve <requestId> of \"" + settings.displayName() + "\"");
    } else {
      LOG.info("the gateway reports this node as {}", state.approvalState());
    }
  }

  // ---- commands ------------------------------------------------------------------------------------

  private void invoked(NodeInvoke inv) {
    LOG.debug("node command {} ({} ms to answer)", inv.command(), inv.timeoutMs());
    Future<JsonObject> result;
    try {
      if (!settings.commands().contains(inv.command())) {
        throw new NodeError("INVALID_REQUEST", "this device does not offer " + inv.command());
      }
      if (inv.params() == null) {
        throw new NodeError("INVALID_REQUEST", "the parameters of " + inv.command() + " are not a JSON object");
      }
      result = switch (inv.command()) {
        case NodeSettings.NOTIFY -> announce(inv);
        case "talk.ptt.start" -> Future.succeededFuture(pttStart());
        case "talk.ptt.stop" -> pttStop(inv);
        case "talk.ptt.cancel" -> Future.succeededFuture(pttCancel());
        case "talk.ptt.once" -> pttOnce(inv);
        default -> throw new NodeError("INVALID_REQUEST", "unknown command " + inv.command());
      };
    } catch (NodeError e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> answer(inv, ar.succeeded() ? ar.result() : null, ar.cause()));
  }

  private void answer(NodeInvoke inv, JsonObject payload, Throwable failure) {
    JsonObject params = new JsonObject().put("id", inv.id()).put("nodeId", link.deviceId()).put("ok", failure == null);
    if (failure == null) {
      if (payload != null) {
        params.put("payload", payload);
      }
    } else {
      String code = failure instanceof NodeError e ? e.code : "UNAVAILABLE";
      params.put("error", new JsonObject().put("code", code).put("message", code + ": " + failure.getMessage()));
      LOG.info("node command {} refused: {}", inv.command(), failure.getMessage());
    }
    link.call("node.invoke.result", params)
        .onFailure(err -> LOG.warn("could not answer node command {}: {}", inv.command(), err.getMessage()));
  }

  private void invokeCancelled(String invokeId) {
    if (invokeId != null && invokeId.equals(onceInvokeId) && ptt.active()) {
      LOG.info("push-to-talk cancelled by the gateway (its caller stopped waiting)");
      pttCancel();
    }
  }

  // ---- announcements -------------------------------------------------------------------------------

  /** system.notify: spoken; answered when it has been said (or cut short), or when the answer is due. */
  private Future<JsonObject> announce(NodeInvoke inv) {
    String text = Announcement.text(inv.params())
        .orElseThrow(() -> new NodeError("INVALID_REQUEST", "empty notification"));
    LOG.info("announcement from the gateway: {}", text);
    return Bus.request(bus, Addresses.SPEECH_ANNOUNCE, new Announce(inv.id(), text), AnnounceAccepted.class)
        .recover(err -> Future.failedFuture(new NodeError("UNAVAILABLE", "cannot speak now: " + err.getMessage())))
        .compose(accepted -> {
          if (accepted.sentences() == 0) {
            return Future.succeededFuture(new JsonObject().put("status", "empty"));
          }
          Promise<JsonObject> spoken = Promise.promise();
          announcements.put(accepted.runId(), spoken);
          long timer = vertx.setTimer(inv.answerWithinMs(), t -> announced(accepted.runId(), "speaking"));
          return spoken.future().onComplete(ar -> vertx.cancelTimer(timer));
        });
  }

  private void announced(String runId, String status) {
    Promise<JsonObject> p = announcements.remove(runId);
    if (p != null) {
      p.tryComplete(new JsonObject().put("status", status));
    }
  }

  // ---- push-to-talk --------------------------------------------------------------------------------

  private JsonObject pttStart() {
    if (!ptt.start(UUID.randomUUID().toString())) {
      return ptt.busy().toJson();
    }
    open();
    return new JsonObject().put("captureId", ptt.captureId());
  }

  private Future<JsonObject> pttStop(NodeInvoke inv) {
    if (!ptt.active()) {
      return Future.succeededFuture(ptt.cancel().toJson()); // idle
    }
    Future<PushToTalk.Result> ended = awaitCapture(inv.answerWithinMs());
    Bus.publish(bus, Addresses.LISTEN_CONTROL, new ListenControl(ListenControl.RELEASE));
    return ended.map(PushToTalk.Result::toJson);
  }

  /** Drops the running capture (nothing of it is sent); whoever waits for it hears cancelled. */
  private JsonObject pttCancel() {
    if (ptt.active()) {
      Bus.publish(bus, Addresses.LISTEN_CONTROL, new ListenControl(ListenControl.CANCEL));
    }
    PushToTalk.Result r = ptt.cancel();
    captureEnded(r);
    return r.toJson();
  }

  /** Listens as push-to-talk does, ends on the user's silence, and answers with what they said. */
  private Future<JsonObject> pttOnce(NodeInvoke inv) {
    if (!ptt.start(UUID.randomUUID().toString())) {
      return Future.succeededFuture(ptt.busy().toJson());
    }
    onceInvokeId = inv.id();
    String capture = ptt.captureId();
    Future<PushToTalk.Result> ended = awaitCapture(inv.answerWithinMs());
    long release = vertx.setTimer(Math.max(100, inv.answerWithinMs() - RELEASE_BEFORE_DUE_MS), t -> {
      if (ptt.active() && capture.equals(ptt.captureId()) && !ptt.waitingForSpeech()) {
        Bus.publish(bus, Addresses.LISTEN_CONTROL, new ListenControl(ListenControl.RELEASE));
      }
    });
    open();
    return ended.onComplete(ar -> {
      vertx.cancelTimer(release);
      onceInvokeId = null;
    }).map(PushToTalk.Result::toJson);
  }

  private void open() {
    LOG.info("listening: push-to-talk from the gateway (capture {})", ptt.captureId());
    Bus.publish(bus, Addresses.WAKE_TRIGGER, new WakeTrigger("node"));
  }

  /** The end of the running capture, or what there is when {@code withinMs} has passed. */
  private Future<PushToTalk.Result> awaitCapture(long withinMs) {
    Promise<PushToTalk.Result> p = Promise.promise();
    captureWaiters.add(p);
    long timer = vertx.setTimer(withinMs, t -> {
      if (!p.future().isComplete()) {
        boolean nobodySpoke = ptt.waitingForSpeech();
        PushToTalk.Result r = ptt.giveUp();
        if (nobodySpoke) {
          Bus.publish(bus, Addresses.LISTEN_CONTROL, new ListenControl(ListenControl.CANCEL));
        }
        captureEnded(r);
      }
    });
    return p.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void captureEnded(PushToTalk.Result result) {
    LOG.debug("push-to-talk capture {} ended: {}", result.captureId(), result.status());
    List<Promise<PushToTalk.Result>> waiting = new ArrayList<>(captureWaiters);
    captureWaiters.clear();
    waiting.forEach(p -> p.tryComplete(result));
  }
}
