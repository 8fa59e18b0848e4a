package dev.voicebridge.session;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.SendRequest;
import dev.voicebridge.bus.GatewayMessages.SendResult;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the session's PENDING user turns to the gateway, oldest first and one at a time: the next is sent
 * only when no sent turn still waits for its answer. The gateway folds a message that arrives while a run
 * is answering into that run (and answers both at once); one turn at a time gives every turn a run of its
 * own, so every turn gets its own answer. The store is the queue: a turn is PENDING from the moment it
 * is stored until the gateway acknowledges it, so turns waiting here survive a crash and recovery can
 * hand turns the gateway lost back to it. A turn waits at most {@link #MAX_WAIT_MS} for the answer in
 * progress (a run that never ends must not block the conversation).
 *
 * <p>Once it has read the store, the outbox mirrors what it learnt (which turns wait for an answer, how
 * many are still queued), so the common case — a turn when nothing else is in flight — is sent without
 * reading the store again. Anything that can change the store behind its back (a reconnect, a recovery,
 * a failure) makes it read again.
 *
 * <p>After a reconnect nothing is sent until recovery has compared the store with the gateway's history
 * (the {@code open} gate), because a turn sent before the connection dropped may or may not have reached
 * the gateway. A turn that never left — its send found no connection at all — has no such doubt: it goes
 * as soon as the link is back, ahead of the history read (which a gateway just restarted takes seconds to
 * answer), provided no sent turn is still waiting for its answer.
 */
final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  static final long MAX_WAIT_MS = 120_000;

  private final Vertx vertx;
  private final StoreClient store;
  private final TurnJournal journal;
  private final String sessionKey;
  private final DeliveryOptions sendOptions;
  private final BooleanSupplier open;
  private final BiConsumer<TurnView, String> onSent;
  /** Callers waiting for a turn to leave: completed with SENT (or PENDING when the gateway is away). */
  private final Map<Long, Waiter> waiting = new HashMap<>();

  private record Waiter(TurnView turn, Promise<InputAccepted> promise) {
  }
  /** chat.send queue modes of turns waiting here (interrupt for a barge-in), by turn id. */
  private final Map<Long, String> queueModes = new HashMap<>();
  /** When each SENT turn was first seen waiting for its answer. */
  private final Map<Long, Long> sentAt = new HashMap<>();
  /** Turns of this process whose send found no connection: they never reached any gateway. */
  private final Set<Long> neverLeft = new HashSet<>();
  // The mirror of the store, valid while synced.
  private boolean synced;
  private String syncedSession;
  private final Set<String> unanswered = new HashSet<>();
  private int backlog;
  private boolean busy;
  private boolean again;
  private long wakeUp = -1;

  /**
   * @param open   whether sending may happen now (false while a recovery runs)
   * @param onSent told of every turn the gateway acknowledged, with its runId
   */
  Outbox(Vertx vertx, StoreClient store, TurnJournal journal, String sessionKey, long sendTimeoutMs,
      BooleanSupplier open, BiConsumer<TurnView, String> onSent) {
    this.vertx = vertx;
    this.store = store;
    this.journal = journal;
    this.sessionKey = sessionKey;
    this.sendOptions = new DeliveryOptions().setSendTimeout(sendTimeoutMs);
    this.open = open;
    this.onSent = onSent;
  }

  /** Queues a stored PENDING turn; completes when it is sent (SENT) or kept for later (PENDING). */
  Future<InputAccepted> enqueue(TurnView turn) {
    return enqueue(turn, null);
  }

  /**
   * The same, sent with chat.send's {@code queueMode} (interrupt: the user talked over the bridge). The mode
   * is kept in memory only: a turn re-sent after a restart goes with the session's own mode.
   */
  Future<InputAccepted> enqueue(TurnView turn, String queueMode) {
    if (queueMode != null) {
      queueModes.put(turn.turnId(), queueMode);
    }
    Promise<InputAccepted> p = Promise.promise();
    waiting.put(turn.turnId(), new Waiter(turn, p));
    boolean nothingAhead = synced && !busy && backlog == 0 && unanswered.isEmpty()
        && turn.sessionUuid().equals(syncedSession) && open.getAsBoolean();
    if (nothingAhead) {
      busy = true;
      send(turn).onComplete(this::afterSend);
    } else {
      backlog++;
      pump();
    }
    return p.future();
  }

  /** A turn was answered: the next one may go. */
  void answered(String sessionUuid, int turnIndex) {
    unanswered.remove(key(sessionUuid, turnIndex));
    pump();
  }

  /** The store may have changed behind the mirror (a reconnect, a recovery): read it before sending. */
  void resync() {
    synced = false;
  }

  /** Looks for a turn to send; call whenever that may have become possible. */
  void pump() {
    if (busy) {
      again = true;
      return;
    }
    boolean gated = !open.getAsBoolean();
    if (gated && neverLeft.isEmpty()) {
      return;
    }
    busy = true;
    next().compose(turn -> {
      if (turn == null) {
        return Future.succeededFuture(false);
      }
      if (gated && !neverLeft.contains(turn.turnId())) {
        synced = false; // next() counted it as taken; recovery decides about it, then the store is read again
        return Future.succeededFuture(false);
      }
      return send(turn);
    }).onComplete(this::afterSend);
  }

  private void afterSend(io.vertx.core.AsyncResult<Boolean> ar) {
    busy = false;
    if (ar.failed()) {
      synced = false;
      LOG.warn("could not send the next turn: {}", ar.cause().getMessage());
    }
    boolean more = again || (ar.succeeded() && ar.result());
    again = false;
    if (more) {
      pump();
    }
  }

  /** Reads the store: the oldest PENDING turn if nothing is waiting for an answer, else null. */
  private Future<TurnView> next() {
    return store.listSessions(new SessionQuery(SessionState.ACTIVE, sessionKey, 1)).compose(list -> {
      if (list.sessions().isEmpty()) {
        return Future.succeededFuture(null);
      }
      return store.turns(new TurnQuery(list.sessions().get(0).sessionUuid(), null, null, null, null,
          RunResolver.RECENT_TURNS, true)).map(turns -> {
            List<TurnView> users = turns.turns().stream().filter(t -> t.role() == Role.USER)
                .sorted(Comparator.comparingInt(TurnView::turnIndex)).toList();
            List<TurnView> pending = users.stream().filter(t -> t.delivery() == Delivery.PENDING).toList();
            List<TurnView> sent = users.stream().filter(t -> t.delivery() == Delivery.SENT).toList();
            syncedSession = list.sessions().get(0).sessionUuid();
            unanswered.clear();
            sent.forEach(t -> unanswered.add(key(t.sessionUuid(), t.turnIndex())));
            sentAt.keySet().retainAll(sent.stream().map(TurnView::turnId).toList());
            backlog = pending.size();
            synced = true;
            if (pending.isEmpty()) {
              return null;
            }
            TurnView answering = sent.isEmpty() ? null : sent.get(0);
            if (answering != null) {
              long now = System.currentTimeMillis();
              long since = sentAt.computeIfAbsent(answering.turnId(), id -> now);
              if (now - since < MAX_WAIT_MS) {
                scheduleWakeUp(MAX_WAIT_MS - (now - since));
                return null;
              }
              LOG.warn("turn {} has waited {} s for its answer; sending turn {} anyway", answering.turnIndex(),
                  (now - since) / 1000, pending.get(0).turnIndex());
              unanswered.clear();
            }
            backlog--;
            return pending.get(0);
          });
    });
  }

  /**
   * Sends one turn; true when the next one may be looked for at once. The caller hears as soon as the
   * gateway acknowledges; the outbox goes on once the SENT state is committed (a crash in between only
   * means the turn is sent again with its key, which the gateway recognises).
   */
  private Future<Boolean> send(TurnView turn) {
    Waiter w = waiting.remove(turn.turnId());
    Promise<InputAccepted> caller = w == null ? null : w.promise();
    return Bus.request(vertx.eventBus(), Addresses.GATEWAY_SEND, new SendRequest(sessionKey, turn.content(),
            turn.idempotencyKey(), queueModes.remove(turn.turnId())), SendResult.class, sendOptions)
        .compose(sent -> acknowledged(turn, sent, caller))
        .map(true)
        .recover(err -> {
          synced = false;
          int code = err instanceof Bus.RequestFailed rf ? rf.code() : 500;
          if (code == 503 || code == 504) {
            // The gateway is away or did not answer: it may not have the turn. It stays PENDING and goes
            // out again, with the same idempotency key, once the connection is back. With no connection at
            // all (503) it certainly does not: it may go before recovery has read the history.
            if (code == 503) {
              neverLeft.add(turn.turnId());
            } else {
              neverLeft.remove(turn.turnId());
            }
            LOG.info("turn {} is kept until the gateway is back ({})", turn.turnIndex(), err.getMessage());
            complete(caller, accepted(turn, null, Delivery.PENDING));
            // turns queued behind it are kept too: their callers hear so now (a person may be waiting on one)
            waiting.values().forEach(other -> complete(other.promise(), accepted(other.turn(), null,
                Delivery.PENDING)));
            waiting.clear();
            return Future.succeededFuture(false);
          }
          neverLeft.remove(turn.turnId());
          LOG.warn("the gateway refused turn {}: {}", turn.turnIndex(), err.getMessage());
          return journal.markFailed(turn.turnId()).transform(ignored -> {
            if (caller != null) {
              caller.tryFail(err);
            }
            return Future.succeededFuture(true);
          });
        });
  }

  private Future<Void> acknowledged(TurnView turn, SendResult sent, Promise<InputAccepted> caller) {
    neverLeft.remove(turn.turnId());
    String status = sent.status();
    if (status == null || "started".equals(status) || "in_flight".equals(status)) {
      sentAt.put(turn.turnId(), System.currentTimeMillis());
      unanswered.add(key(turn.sessionUuid(), turn.turnIndex()));
      onSent.accept(turn, sent.runId());
      complete(caller, accepted(turn, sent.runId(), Delivery.SENT));
      return journal.markSent(turn.turnId(), sent.runId()).mapEmpty();
    }
    // The gateway had already finished this turn (a re-send after a reconnect): whatever it answered is
    // in its history and was stored by recovery; nothing more will come for it.
    LOG.info("turn {} had already ended at the gateway ({})", turn.turnIndex(), status);
    MessageType outcome = "timeout".equals(status) ? MessageType.INTERRUPT : MessageType.FINAL;
    return journal.recordReply(turn, new Reply(sent.runId(), outcome, "", status, null), t -> { })
        .onSuccess(v -> complete(caller, accepted(turn, sent.runId(), Delivery.ANSWERED))).mapEmpty();
  }

  private static void complete(Promise<InputAccepted> caller, InputAccepted accepted) {
    if (caller != null) {
      caller.tryComplete(accepted);
    }
  }

  private void scheduleWakeUp(long delayMs) {
    vertx.cancelTimer(wakeUp);
    wakeUp = vertx.setTimer(Math.max(1, delayMs), t -> pump());
  }

  private static String key(String sessionUuid, int turnIndex) {
    return sessionUuid + "#" + turnIndex;
  }

  static InputAccepted accepted(TurnView turn, String runId, Delivery delivery) {
    return new InputAccepted(turn.sessionUuid(), turn.turnIndex(), turn.idempotencyKey(), runId, delivery);
  }
}
