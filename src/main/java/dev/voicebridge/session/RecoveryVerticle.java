package dev.voicebridge.session;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.HistoryRequest;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionMessages.RecoveryStatus;
import dev.voicebridge.bus.SessionMessages.SessionRecovered;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionUpdate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.ToolList;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.ToolTransition;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnList;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the active session whole across disconnects and restarts.
 *
 * <ul>
 *   <li>At start-up and on every disconnect: the session is marked as needing recovery and its running
 *       tool executions become INTERRUPTED (their results may never arrive).
 *   <li>On every connect (and when events were lost): a session idle past the stale timeout is closed,
 *       not resumed. Otherwise tool results the gateway recorded meanwhile are stored, the remaining
 *       interrupted tools are CANCELLED with the reason, replies that finished while the bridge was away
 *       are stored once (from {@code chat.history}), user turns the gateway never acknowledged (or lost)
 *       go back to the session's outbox, which sends them with the SAME idempotency key once this
 *       recovery has reported, and the context window is rebuilt from the stored turns. The outcome is published on {@code session.recovered}.
 * </ul>
 */
public final class RecoveryVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveryVerticle.class);

  private final RecoverySettings recovery;
  private final SessionSettings sessionSettings;
  private final long requestTimeoutMs;
  private final Timestamps time;
  private final GatewayStatus lastStatus;
  private StoreClient store;
  private TurnJournal journal;
  private Future<Void> startupMarked = Future.succeededFuture();
  private boolean connected;
  private boolean disconnectMarked;
  private boolean running;
  private boolean again;
  private long stallTimer = -1;
  /** Set while a sent turn waits on a run the gateway runs by itself: its events may never reach us. */
  private boolean followUp;
  private long nextCheckAt;
  /** How often the history is looked at while following a run the bridge does not hear. */
  private static final long FOLLOW_UP_MS = 2_000;

  public RecoveryVerticle(RecoverySettings recovery, SessionSettings sessionSettings, long gatewayRequestTimeoutMs,
      Timestamps time) {
    this(recovery, sessionSettings, gatewayRequestTimeoutMs, time, null);
  }

  /**
   * @param lastStatus the gateway's state when this verticle is deployed after it connected (a conversation
   *                   started for a routed session key), so that its first recovery is not waited for until
   *                   the next reconnect; null at start-up
   */
  public RecoveryVerticle(RecoverySettings recovery, SessionSettings sessionSettings, long gatewayRequestTimeoutMs,
      Timestamps time, GatewayStatus lastStatus) {
    this.lastStatus = lastStatus;
    this.recovery = recovery;
    this.sessionSettings = sessionSettings;
    this.requestTimeoutMs = gatewayRequestTimeoutMs + ConversationVerticle.SEND_MARGIN_MS;
    this.time = time;
  }

  @Override
  public Future<?> start() {
    if (!recovery.enabled()) {
      LOG.info("recovery is disabled (recovery.enabled=false)");
      return Future.succeededFuture();
    }
    EventBus bus = vertx.eventBus();
    store = new StoreClient(bus);
    journal = new TurnJournal(vertx, store);
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, this::onStatus);
    // Whatever was running when the bridge last stopped will never report back to this process.
    startupMarked = markInterrupted("the bridge stopped while it was running")
        .otherwise(err -> {
          LOG.warn("could not mark interrupted tools at start-up: {}", err.getMessage());
          return null;
        });
    stallTimer = vertx.setPeriodic(FOLLOW_UP_MS, id -> checkStalled());
    if (lastStatus != null) {
      onStatus(lastStatus);
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(stallTimer);
    return Future.succeededFuture();
  }

  private void onStatus(GatewayStatus status) {
    if (status.state() == LinkState.CONNECTED) {
      connected = true;
      disconnectMarked = false;
      requestRecovery();
    } else if (status.state() == LinkState.DISCONNECTED && (connected || !disconnectMarked)) {
      connected = false;
      disconnectMarked = true;
      String why = status.reason() == null || status.reason().isBlank() ? "code " + status.code() : status.reason();
      markInterrupted("the gateway connection was lost (" + why + ")")
          .onFailure(err -> LOG.warn("could not mark the session for recovery: {}", err.getMessage()));
    }
  }

  // ---- disconnect ----------------------------------------------------------------------------------

  private Future<Void> markInterrupted(String why) {
    return activeSession().compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture();
      }
      String uuid = found.get().sessionUuid();
      JsonObject mark = new JsonObject().put("recovery", new JsonObject().put("pending", true)
          .put("since", time.now()).put("reason", why));
      return store.updateSession(new SessionUpdate(uuid, null, mark, null, false))
          .compose(v -> store.transitionTools(new ToolTransition(uuid, List.of(ToolStatus.PENDING, ToolStatus.RUNNING),
              ToolStatus.INTERRUPTED, "interrupted: " + why + " while the tool was running")))
          .onSuccess(changed -> {
            if (!changed.tools().isEmpty()) {
              LOG.info("{} tool execution(s) of session {} interrupted: {}", changed.tools().size(), uuid, why);
            }
          })
          .mapEmpty();
    });
  }

  // ---- reconnect -----------------------------------------------------------------------------------

  private void requestRecovery() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    long started = System.nanoTime();
    startupMarked.compose(v -> recover()).recover(err -> Future.succeededFuture(new SessionRecovered(null,
            RecoveryStatus.FAILED, 0, 0, 0, "recovery failed: " + err.getMessage())))
        .onSuccess(result -> {
          LOG.info("session recovery: {} ({} ms)", result.message(), (System.nanoTime() - started) / 1_000_000);
          Bus.publish(vertx.eventBus(), Addresses.SESSION_RECOVERED, result.forKey(recovery.sessionKey()));
          running = false;
          if (again) {
            again = false;
            requestRecovery();
          }
        });
  }

  /**
   * A safety net for end events that never arrive without the connection noticing (no disconnect, no
   * gap). The gateway does not send the events of a run it starts by itself — the continuation of a turn
   * a gateway restart interrupted — to the bridge's connection, so while recovery knows a sent turn
   * waits on such a run, the history is looked at every two seconds; otherwise a turn unanswered for
   * {@code recovery.stalledTurnSeconds} is looked for there. When the run has ended its reply is stored
   * (or the turn re-sent if the gateway lost it). Reported only when it changed something.
   */
  private void checkStalled() {
    long now = System.currentTimeMillis();
    if (!connected || running || now < nextCheckAt) {
      return;
    }
    running = true;
    String cutoff = Timestamps.format(time.nowInstant().minus(recovery.stalledTurn()));
    activeSession().compose(found -> found.isEmpty() ? Future.succeededFuture((SessionRecovered) null)
        : recentTurns(found.get().sessionUuid())
            .compose(turns -> {
              List<TurnView> sent = turns.stream().filter(t -> t.role() == Role.USER
                  && t.delivery() == Delivery.SENT).toList();
              followUp &= !sent.isEmpty();
              boolean due = followUp || sent.stream().anyMatch(t -> t.timestamp().compareTo(cutoff) < 0);
              return due ? resume(found.get(), false, turns) : Future.succeededFuture((SessionRecovered) null);
            }))
        .onComplete(ar -> {
          running = false;
          nextCheckAt = System.currentTimeMillis() + (followUp ? FOLLOW_UP_MS
              : Math.max(FOLLOW_UP_MS, recovery.stalledTurn().toMillis() / 3));
          SessionRecovered result = ar.succeeded() ? ar.result() : null;
          if (ar.failed()) {
            LOG.debug("stalled-turn check failed: {}", ar.cause().getMessage());
          } else if (result != null && (result.recoveredTurns() > 0 || result.resentTurns() > 0)) {
            LOG.info("the end of a sent turn reached the bridge only through the history; {}", result.message());
            Bus.publish(vertx.eventBus(), Addresses.SESSION_RECOVERED, result.forKey(recovery.sessionKey()));
          }
          if (again) {
            again = false;
            requestRecovery();
          }
        });
  }

  /** The session's most recent turns: what a resume looks at for turns still waiting on the gateway. */
  private Future<List<TurnView>> recentTurns(String sessionUuid) {
    return store.turns(new TurnQuery(sessionUuid, null, null, null, null, RunResolver.RECENT_TURNS, true))
        .map(TurnList::turns);
  }

  private Future<SessionRecovered> recover() {
    return activeSession().compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(new SessionRecovered(null, RecoveryStatus.NO_SESSION, 0, 0, 0,
            "no active session with key " + recovery.sessionKey() + " to resume"));
      }
      SessionView session = found.get();
      if (isStale(session)) {
        return closeStale(session);
      }
      return recentTurns(session.sessionUuid()).compose(turns -> resume(session, true, turns));
    });
  }

  private boolean isStale(SessionView s) {
    return Session.idleLongerThan(s.lastActivity(), time.nowInstant(), sessionSettings.staleAfter());
  }

  private Future<SessionRecovered> closeStale(SessionView s) {
    String reason = "stale: idle more than " + sessionSettings.staleAfter().toMinutes() + " minutes when the bridge "
        + "reconnected";
    return store.closeSession(new SessionClose(s.sessionUuid(), reason, false))
        .compose(v -> store.transitionTools(new ToolTransition(s.sessionUuid(), List.of(ToolStatus.PENDING,
            ToolStatus.RUNNING, ToolStatus.INTERRUPTED), ToolStatus.CANCELLED, "cancelled: the session was closed "
            + "as stale before its result arrived")))
        .map(cancelled -> new SessionRecovered(s.sessionUuid(), RecoveryStatus.STALE, 0, cancelled.tools().size(), 0,
            "session " + s.sessionUuid() + " was idle since " + s.lastActivity() + ": closed, not resumed"));
  }

  /** The steps of a resume; each failure is noted and the rest still run (the result is then PARTIAL). */
  private final class Resume {
    final String uuid;
    final List<String> problems = new ArrayList<>();
    int recovered;
    int cancelled;
    int resent;

    Resume(String uuid) {
      this.uuid = uuid;
    }

    <T> Future<T> step(String what, Future<T> f, T fallback) {
      return f.recover(err -> {
        problems.add(what + ": " + err.getMessage());
        return Future.succeededFuture(fallback);
      });
    }
  }

  /**
   * @param reconnect a recovery after a (re)connect: interrupted tools are settled and the context window
   *                  rebuilt even when no reply was recovered
   */
  private Future<SessionRecovered> resume(SessionView session, boolean reconnect, List<TurnView> recentTurns) {
    Resume r = new Resume(session.sessionUuid());
    List<TurnView> waiting = recentTurns.stream().filter(t -> t.role() == Role.USER
        && (t.delivery() == Delivery.PENDING || t.delivery() == Delivery.SENT)).toList();
    Future<List<ToolView>> cutShort = store.tools(new ToolQuery(r.uuid, List.of(ToolStatus.INTERRUPTED,
        ToolStatus.RUNNING))).map(ToolList::tools);
    return cutShort.compose(tools -> {
      // The history is only needed for what is outstanding; right after a gateway restart it can take the
      // gateway a second or more to answer, so a session with nothing in flight does not wait for it.
      boolean outstanding = !waiting.isEmpty() || !tools.isEmpty();
      return outstanding ? history(r) : Future.succeededFuture(null);
    }).compose(h -> {
      HistoryReconciler.Plan plan = h == null ? null : HistoryReconciler.plan(h, waiting);
      followUp = plan != null && plan.runActive() && waiting.stream()
          .anyMatch(t -> t.delivery() == Delivery.SENT && !plan.replies().containsKey(t));
      return r.step("tool results", storeToolResults(r, plan, cutShort.result()), null)
          .compose(x -> reconnect ? r.step("cancelling interrupted tools", cancelInterrupted(r), null)
              : Future.succeededFuture())
          .compose(x -> plan == null ? Future.succeededFuture() : r.step("storing replies", storeReplies(r, plan), null))
          .compose(x -> plan == null || !recovery.resendUnacknowledged() ? Future.succeededFuture()
              : r.step("re-queueing", requeue(r, plan.resend()), null))
          .compose(x -> reconnect || r.recovered > 0 ? r.step("context window", rebuildWindow(r), null)
              : Future.succeededFuture());
    }).map(v -> result(r));
  }

  private Future<JsonObject> history(Resume r) {
    long asked = System.nanoTime();
    return r.step("chat.history", Bus.request(vertx.eventBus(), Addresses.GATEWAY_HISTORY,
            new HistoryRequest(recovery.sessionKey(), recovery.historyLimit()), JsonObject.class, timeout()), null)
        .onComplete(ar -> LOG.debug("chat.history answered in {} ms", (System.nanoTime() - asked) / 1_000_000));
  }

  /** {@code cutShort}: the session's interrupted and running tools, as read when the resume began. */
  private Future<Void> storeToolResults(Resume r, HistoryReconciler.Plan plan, List<ToolView> cutShort) {
    if (plan == null || plan.toolResults().isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (ToolView t : cutShort) {
      HistoryReconciler.ToolOutcome outcome = t.toolCallId() == null ? null : plan.toolResults().get(t.toolCallId());
      if (outcome != null) {
        ToolStatus status = outcome.isError() ? ToolStatus.ERROR : ToolStatus.COMPLETED;
        chain = chain.compose(x -> store.recordTool(new ToolRecord(r.uuid, t.runId(), t.toolCallId(), t.toolName(),
            status, null, outcome.text(), outcome.isError() ? "the tool failed (result recovered from the "
                + "gateway's history)" : null)).mapEmpty());
      }
    }
    return chain;
  }

  private Future<Void> cancelInterrupted(Resume r) {
    return store.transitionTools(new ToolTransition(r.uuid, List.of(ToolStatus.INTERRUPTED), ToolStatus.CANCELLED,
            "cancelled on reconnect: the connection was lost while the tool ran and the gateway recorded no result"))
        .onSuccess(list -> r.cancelled = list.tools().size())
        .mapEmpty();
  }

  private Future<Void> storeReplies(Resume r, HistoryReconciler.Plan plan) {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<TurnView, Reply> e : plan.replies().entrySet()) {
      chain = chain.compose(x -> journal.recordReply(e.getKey(), e.getValue(), turn -> { })
          .onSuccess(stored -> r.recovered += stored ? 1 : 0).mapEmpty());
    }
    return chain;
  }

  /**
   * Hands turns back to the session's outbox, which sends them with their own idempotency keys: PENDING
   * ones are already waiting there; a SENT one whose run the gateway lost becomes PENDING again.
   */
  private Future<Void> requeue(Resume r, List<TurnView> turns) {
    Future<Void> chain = Future.succeededFuture();
    for (TurnView t : turns) {
      chain = chain.compose(x -> {
        r.resent++;
        if (t.delivery() != Delivery.SENT) {
          return Future.succeededFuture();
        }
        return journal.markPending(t.turnId()).onSuccess(now -> {
          if (now.delivery() == Delivery.PENDING) {
            LOG.info("turn {} was acknowledged but the gateway has neither its answer nor a run for it: sending it "
                + "again (idempotency key {})", t.turnIndex(), t.idempotencyKey());
          } else {
            r.resent--; // answered meanwhile (the live end event won the race with this history read)
          }
        }).mapEmpty();
      });
    }
    return chain;
  }

  private Future<Void> rebuildWindow(Resume r) {
    return store.turns(new TurnQuery(r.uuid, null, null, null, null, null, false)).compose(all -> {
      ContextWindow window = ContextRebuild.of(all.turns(), sessionSettings.window());
      JsonObject done = new JsonObject().put("recovery", new JsonObject().put("pending", false)
          .put("recoveredAt", time.now()));
      return store.updateSession(new SessionUpdate(r.uuid, null, done, window.toJson(), false)).mapEmpty();
    });
  }

  private SessionRecovered result(Resume r) {
    String summary = "session " + r.uuid + " resumed: " + r.recovered + " repl" + (r.recovered == 1 ? "y" : "ies")
        + " recovered from the gateway, " + r.cancelled + " tool(s) cancelled, " + r.resent + " turn(s) to send again";
    if (r.problems.isEmpty()) {
      return new SessionRecovered(r.uuid, RecoveryStatus.SUCCESS, r.recovered, r.cancelled, r.resent, summary);
    }
    return new SessionRecovered(r.uuid, RecoveryStatus.PARTIAL, r.recovered, r.cancelled, r.resent,
        summary + "; incomplete: " + String.join("; ", r.problems));
  }

  private Future<Optional<SessionView>> activeSession() {
    return store.listSessions(new SessionQuery(SessionState.ACTIVE, recovery.sessionKey(), 1))
        .map(list -> list.sessions().stream().findFirst());
  }

  private DeliveryOptions timeout() {
    return new DeliveryOptions().setSendTimeout(requestTimeoutMs);
  }
}
