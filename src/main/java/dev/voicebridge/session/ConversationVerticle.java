package dev.voicebridge.session;

import dev.voicebridge.base.Bounded;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.AbortRequest;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SessionMessages.SessionRecovered;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.SessionMessages.TranscriptIgnored;
import dev.voicebridge.bus.SessionMessages.TurnHeld;
import dev.voicebridge.bus.SessionMessages.UserInput;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.bus.SpeechOutMessages.TtsStop;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.gateway.SessionKeys;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns user text into conversation turns: text typed ({@code session.input}) or spoken
 * ({@code stt.transcript}) is stored as a user turn in the active session BEFORE it is sent, under an
 * idempotency key kept with the turn, and the {@link Outbox} sends it with {@code gateway.send} (one
 * turn at a time). When the run ends its reply is stored (answer, error or abort, with the tool calls it
 * made), and every tool call is stored as a tool execution (running → completed/error). Each run it
 * starts is announced on {@code session.run} (its reply is this device's to speak). It owns the floor
 * ({@link SpeechFloor}): {@code bridge.interrupt} (the user talked over the reply) and {@code tts.stop} are
 * decided here once and announced on {@code speech.halt}, which the filter and the TTS obey; the user
 * talking also aborts this device's runs at the gateway.
 *
 * <p>While the gateway is disconnected, input is still accepted and stored PENDING; it is sent, with the
 * same idempotency key, when the connection is back. After a connect, input waits until the recovery
 * verticle has reported (at most 15 s), so replies recovered from the gateway's history are stored before
 * the turns that follow them.
 */
public final class ConversationVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ConversationVerticle.class);
  /** A send waits for the gateway client's own timeout (gateway.requestTimeoutMs), plus this margin. */
  static final long SEND_MARGIN_MS = 5_000;
  /** Input never waits longer than this for a recovery that does not report. */
  private static final long RECOVERY_GATE_MS = 15_000;

  private final SessionSettings settings;
  private final String sessionKey;
  private final boolean primary;
  private final GatewayStatus lastStatus;
  private final long sendTimeoutMs;
  private final boolean recoveryEnabled;
  private final Timestamps time;
  private SessionManager sessions;
  private StoreClient store;
  private TurnJournal journal;
  private RunResolver resolver;
  private Outbox outbox;
  /** The owner of each run this verticle has looked at (empty: a run that is not this session's business). */
  private final Map<String, Future<Optional<RunOwner>>> runs = new HashMap<>();
  private String currentRunId;
  /** Runs announced on session.run (bounded by the runs map's life: cleared as runs end). */
  private final java.util.Set<String> claimedRuns = new java.util.HashSet<>();
  /**
   * The utterance each spoken turn waiting in the outbox came from (turn id → utterance id), told with the run
   * it starts. Bounded: a turn the gateway refused never claims a run.
   */
  private final Map<Long, String> utterances = Bounded.map(64);
  private final SpeechFloor floor = new SpeechFloor();
  private final TranscriptPolicy transcripts;
  private String defaultAgentId = "main";
  private Promise<Void> recoveryGate;
  private boolean stopping;

  public ConversationVerticle(SessionSettings settings, String sessionKey, long gatewayRequestTimeoutMs,
      boolean recoveryEnabled, Timestamps time) {
    this(settings, sessionKey, gatewayRequestTimeoutMs, recoveryEnabled, time, true, null);
  }

  /**
   * @param primary    the bridge's own session ({@code gateway.sessionKey}): it serves {@code session.input}
   *                   and takes the spoken turns no wake route sends elsewhere; a routed one takes only the
   *                   turns routed to its key
   * @param lastStatus the gateway's state when deployed after it connected (a routed key met at run time)
   */
  public ConversationVerticle(SessionSettings settings, String sessionKey, long gatewayRequestTimeoutMs,
      boolean recoveryEnabled, Timestamps time, boolean primary, GatewayStatus lastStatus) {
    this.primary = primary;
    this.lastStatus = lastStatus;
    this.settings = settings;
    this.sessionKey = sessionKey;
    this.sendTimeoutMs = gatewayRequestTimeoutMs + SEND_MARGIN_MS;
    this.recoveryEnabled = recoveryEnabled;
    this.time = time;
    this.transcripts = new TranscriptPolicy(settings.stopPhrases());
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    store = new StoreClient(bus);
    sessions = new SessionManager(store, settings, time);
    journal = new TurnJournal(vertx, store);
    resolver = new RunResolver(store, sessionKey, () -> defaultAgentId);
    outbox = new Outbox(vertx, store, journal, sessionKey, sendTimeoutMs, () -> recoveryGate == null && !stopping,
        (turn, runId) -> {
          runs.put(runId, Future.succeededFuture(Optional.of(new RunOwner(turn))));
          currentRunId = runId;
          String utteranceId = utterances.remove(turn.turnId());
          claim(runId, turn, utteranceId);
          if (!runId.equals(turn.idempotencyKey())) {
            claim(turn.idempotencyKey(), turn, utteranceId);
          }
        });
    if (primary) {
      Bus.serve(bus, Addresses.SESSION_INPUT, UserInput.class, in -> submit(in.text()));
    }
    Bus.on(bus, Addresses.STT_TRANSCRIPT, SttTranscript.class, this::spoken);
    // What the bridge says, so that its own words heard back are not taken for the user's (TranscriptPolicy).
    Bus.on(bus, Addresses.SPEECH_SAY, SpeechSay.class, say -> transcripts.said(say.text()));
    // Interruptions are decided here, once, and announced on speech.halt (the filter and the TTS obey it).
    Bus.on(bus, Addresses.BRIDGE_INTERRUPT, BridgeInterrupt.class,
        i -> halt(floor.userInterrupted(reason(i.reason(), "barge_in"))));
    Bus.on(bus, Addresses.TTS_STOP, TtsStop.class, t -> halt(floor.stopRequested(t.runId(), reason(t.reason(), "stop"))));
    // A run this verticle did not start (a continuation after a gateway restart, a run started before the
    // bridge restarted) is claimed as soon as its first delta shows it answers one of this session's turns.
    Bus.on(bus, Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class, d -> owner(d.runId(), d.sessionKey())
        .onSuccess(found -> found.filter(o -> claimedRuns.add(d.runId())).ifPresent(o -> claim(d.runId()))));
    Bus.on(bus, Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, r -> runEnded(r.runId(), r.sessionKey(),
        MessageType.FINAL, r.text(), r.stopReason()));
    Bus.on(bus, Addresses.GATEWAY_REPLY_ERROR, ReplyError.class, r -> runEnded(r.runId(), r.sessionKey(),
        MessageType.ERROR, r.message(), r.kind()));
    Bus.on(bus, Addresses.GATEWAY_REPLY_ABORTED, ReplyAborted.class, r -> runEnded(r.runId(), r.sessionKey(),
        MessageType.INTERRUPT, r.text(), r.stopReason()));
    Bus.on(bus, Addresses.GATEWAY_TOOL, ToolEvent.class, this::tool);
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, this::onStatus);
    // A turn was answered (here or by recovery): the next one may go.
    Bus.on(bus, Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class, a -> outbox.answered(a.sessionUuid(),
        a.userTurnIndex()));
    Bus.on(bus, Addresses.SESSION_RECOVERED, SessionRecovered.class, r -> {
      if (r.sessionKey() != null && !SessionKeys.same(r.sessionKey(), sessionKey, defaultAgentId)) {
        return; // another conversation's recovery
      }
      if (r.sessionUuid() != null) {
        sessions.forget(r.sessionUuid()); // recovery rewrote turns and the window through the store
      }
      outbox.resync();
      openGate(recoveryGate);
    });
    if (lastStatus != null) {
      onStatus(lastStatus);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true; // the store goes away with the bridge: send nothing more
    return Future.succeededFuture();
  }

  private void onStatus(GatewayStatus s) {
    if (s.state() != LinkState.CONNECTED) {
      return;
    }
    outbox.resync();
    if (s.defaultAgentId() != null) {
      defaultAgentId = s.defaultAgentId();
    }
    if (!recoveryEnabled) {
      outbox.pump();
    } else if (recoveryGate == null) {
      Promise<Void> gate = Promise.promise();
      recoveryGate = gate;
      vertx.setTimer(RECOVERY_GATE_MS, t -> openGate(gate));
      outbox.pump(); // turns that never left go now; the rest wait for recovery
    }
  }

  private void openGate(Promise<Void> gate) {
    if (gate == null) {
      return;
    }
    gate.tryComplete();
    if (recoveryGate == gate) {
      recoveryGate = null;
      outbox.pump();
    }
  }

  // ---- user input --------------------------------------------------------------------------------

  /** Whether a spoken turn is this conversation's: routed here, or (the primary) routed nowhere. */
  private boolean mine(SttTranscript t) {
    return t.sessionKey() == null ? primary : SessionKeys.same(t.sessionKey(), sessionKey, defaultAgentId);
  }

  private void spoken(SttTranscript t) {
    if (!mine(t)) {
      return;
    }
    if (t.sessionKey() != null) {
      LOG.info("\"{}\" routes this turn to session {}", t.wakeWord(), sessionKey);
    }
    TranscriptPolicy.Decision d = transcripts.decide(t);
    if (!d.send()) {
      LOG.debug("transcript \"{}\" is not sent: {}", t.text(), d.reason());
      Bus.publish(vertx.eventBus(), Addresses.SESSION_TRANSCRIPT_IGNORED,
          new TranscriptIgnored(t.utteranceId(), t.trigger(), d.code(), d.reason()));
      return;
    }
    submit(t.text(), d.queueMode(), t.utteranceId())
        .onFailure(err -> LOG.warn("could not send what was said: {}", err.getMessage()));
  }

  private Future<InputAccepted> submit(String text) {
    return submit(text, null, null);
  }

  /**
   * The same, saying on session.turn.held when the turn could not reach the gateway now (kept for later, or
   * failed): the device tells the user, and the gateway client tries to connect at once.
   */
  private Future<InputAccepted> submit(String text, String queueMode, String utteranceId) {
    return store(text, queueMode, utteranceId)
        .onSuccess(accepted -> {
          if (accepted.delivery() == Delivery.PENDING) {
            Bus.publish(vertx.eventBus(), Addresses.SESSION_TURN_HELD, new TurnHeld(sessionKey, accepted.sessionUuid(),
                accepted.turnIndex(), utteranceId, "unreachable", "the gateway is not connected"));
          }
        })
        .onFailure(err -> Bus.publish(vertx.eventBus(), Addresses.SESSION_TURN_HELD, new TurnHeld(sessionKey, null,
            null, utteranceId, "failed", err.getMessage())));
  }

  private Future<InputAccepted> store(String text, String queueMode, String utteranceId) {
    Future<Void> gate = recoveryGate == null ? Future.succeededFuture() : recoveryGate.future();
    return gate.compose(v -> sessions.getOrCreateActive(sessionKey))
        .compose(session -> journal.recordUserTurn(session.uuid(), text).compose(turn -> {
          // Saved now, not when the turn has left: a turn can wait behind another for minutes, and a
          // recovery in between rewrites the window (measured: saving later gained nothing).
          remember(session, turn);
          if (utteranceId != null) {
            utterances.put(turn.turnId(), utteranceId);
          }
          return outbox.enqueue(turn, queueMode);
        }));
  }

  /** The context window follows the turns; nothing waits for it (a lost update is rebuilt by recovery). */
  private void remember(Session session, TurnView turn) {
    sessions.rememberInContext(session, turn).onFailure(err -> LOG.warn(
        "could not update the context window of session {}: {}", session.uuid(), err.getMessage()));
  }

  /** Tells the speech side that this device's run has started: its reply is spoken. */
  private void claim(String runId) {
    claim(runId, null, null);
  }

  /** The same for a turn this verticle sent ({@code turn}), spoken as {@code utteranceId} (null if typed). */
  private void claim(String runId, TurnView turn, String utteranceId) {
    claimedRuns.add(runId);
    floor.started(runId);
    Bus.publish(vertx.eventBus(), Addresses.SESSION_RUN, turn == null ? new RunClaimed(runId, sessionKey)
        : new RunClaimed(runId, sessionKey, turn.sessionUuid(), turn.turnIndex(), utteranceId));
  }

  /** Announces the floor's decision, and aborts this device's runs when the user is talking. */
  private void halt(SpeechFloor.Halt halt) {
    LOG.debug("speech halted ({}): {}{}", halt.reason(), halt.runIds(), halt.all() ? ", everything playing" : "");
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_HALT, new SpeechHalt(halt.runIds(), halt.all(), halt.reason(),
        halt.abort()));
    if (!halt.abort()) {
      return;
    }
    for (String runId : halt.runIds()) {
      Bus.request(vertx.eventBus(), Addresses.GATEWAY_ABORT, new AbortRequest(sessionKey, runId), JsonObject.class)
          .onSuccess(r -> LOG.debug("abort of run {} ({}): {}", runId, halt.reason(), r.encode()))
          .onFailure(err -> LOG.warn("could not abort run {}: {}", runId, err.getMessage()));
    }
  }

  private static String reason(String given, String fallback) {
    return given == null || given.isBlank() ? fallback : given;
  }

  // ---- replies and tools -------------------------------------------------------------------------

  private Future<Optional<RunOwner>> owner(String runId, String eventSessionKey) {
    return runs.computeIfAbsent(runId, id -> resolver.resolve(id, eventSessionKey)
        .map(turn -> turn.filter(t -> t.delivery() != Delivery.ANSWERED).map(RunOwner::new)));
  }

  private void runEnded(String runId, String eventSessionKey, MessageType outcome, String text, String stopReason) {
    if (runId.equals(currentRunId)) {
      currentRunId = null;
    }
    claimedRuns.remove(runId);
    floor.ended(runId);
    owner(runId, eventSessionKey)
        .compose(found -> {
          runs.remove(runId);
          if (found.isEmpty()) {
            LOG.debug("run {} is not one of this session's turns; its reply is not stored", runId);
            return Future.succeededFuture(false);
          }
          RunOwner owner = found.get();
          Reply reply = new Reply(runId, outcome, text, stopReason, owner.toolCallsOrNull());
          return sessions.get(owner.sessionUuid()).compose(session -> journal.recordReply(owner.userTurn(), reply,
              turn -> remember(session, turn)));
        })
        .onFailure(err -> LOG.warn("could not store the reply of run {}: {}", runId, err.getMessage()));
  }

  private void tool(ToolEvent e) {
    owner(e.runId(), e.sessionKey()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture();
      }
      RunOwner owner = found.get();
      boolean start = "start".equals(e.phase());
      if (start) {
        owner.addToolCall(e.toolCallId(), e.name(), e.args());
      }
      ToolStatus status = start ? ToolStatus.RUNNING : Boolean.TRUE.equals(e.isError()) ? ToolStatus.ERROR
          : ToolStatus.COMPLETED;
      return store.recordTool(new ToolRecord(owner.sessionUuid(), e.runId(), e.toolCallId(), e.name(), status,
          start ? e.args() : null, start ? null : e.result(),
          status == ToolStatus.ERROR ? firstLine(e.result()) : null)).mapEmpty();
    }).onFailure(err -> LOG.warn("could not store tool call {} of run {}: {}", e.toolCallId(), e.runId(),
        err.getMessage()));
  }

  private static String firstLine(String text) {
    if (text == null || text.isBlank()) {
      return "the tool reported an error";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= 300 ? line : line.substring(0, 300) + "…";
  }
}
