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
import java.util.List;
import java.util.Map;
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
  private final Map<Long, Promise<InputAccepted>> waiting = new HashMap<>();
  /** When each SENT turn was first seen waiting for its answer. */
  private final Map<Long, Long> sentAt = new HashMap<>();
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
    Promise<InputAccepted> p = Promise.promise();
    waiting.put(turn.turnId(), p);
    pump();
    return p.future();
  }

  /** Looks for a turn to send; call whenever that may have become possible. */
  void pump() {
    if (busy) {
      again = true;
      return;
    }
    if (!open.getAsBoolean()) {
      return;
    }
    busy = true;
    next().compose(turn -> turn == null ? Future.succeededFuture(false) : send(turn))
        .onComplete(ar -> {
          busy = false;
          if (ar.failed()) {
            LOG.warn("could not send the next turn: {}", ar.cause().getMessage());
          }
          boolean more = again || (ar.succeeded() && ar.result());
          again = false;
          if (more) {
            pump();
          }
        });
  }

  /** The oldest PENDING turn if nothing is waiting for an answer, else null. */
  private Future<TurnView> next() {
    return store.listSessions(new SessionQuery(SessionState.ACTIVE, sessionKey, 1)).compose(list -> {
      if (list.sessions().isEmpty()) {
        return Future.succeededFuture(null);
      }
      return store.turns(new TurnQuery(list.sessions().get(0).sessionUuid(), null, null, null, null,
          RunResolver.RECENT_TURNS, true)).map(turns -> {
            List<TurnView> users = turns.turns().stream().filter(t -> t.role() == Role.USER)
                .sorted(Comparator.comparingInt(TurnView::turnIndex)).toList();
            sentAt.keySet().retainAll(users.stream().filter(t -> t.delivery() == Delivery.SENT)
                .map(TurnView::turnId).toList());
            TurnView pending = users.stream().filter(t -> t.delivery() == Delivery.PENDING).findFirst().orElse(null);
            if (pending == null) {
              return null;
            }
            TurnView answering = users.stream().filter(t -> t.delivery() == Delivery.SENT).findFirst().orElse(null);
            if (answering == null) {
              return pending;
            }
            long now = System.currentTimeMillis();
            long since = sentAt.computeIfAbsent(answering.turnId(), id -> now);
            if (now - since >= MAX_WAIT_MS) {
              LOG.warn("turn {} has waited {} s for its answer; sending turn {} anyway", answering.turnIndex(),
                  (now - since) / 1000, pending.turnIndex());
              sentAt.put(answering.turnId(), Long.MAX_VALUE / 2);
              return pending;
            }
            scheduleWakeUp(MAX_WAIT_MS - (now - since));
            return null;
          });
    });
  }

  /** Sends one turn; true when the next one may be looked for at once. */
  private Future<Boolean> send(TurnView turn) {
    Promise<InputAccepted> caller = waiting.remove(turn.turnId());
    return Bus.request(vertx.eventBus(), Addresses.GATEWAY_SEND, new SendRequest(sessionKey, turn.content(),
            turn.idempotencyKey()), SendResult.class, sendOptions)
        .compose(sent -> acknowledged(turn, sent))
        .map(accepted -> {
          if (caller != null) {
            caller.tryComplete(accepted);
          }
          return true;
        })
        .recover(err -> {
          int code = err instanceof Bus.RequestFailed rf ? rf.code() : 500;
          if (code == 503 || code == 504) {
            // The gateway is away or did not answer: it may not have the turn. It stays PENDING and goes
            // out again, with the same idempotency key, once the connection is back.
            LOG.info("turn {} is kept until the gateway is back ({})", turn.turnIndex(), err.getMessage());
            if (caller != null) {
              caller.tryComplete(accepted(turn, null, Delivery.PENDING));
            }
            return Future.succeededFuture(false);
          }
          LOG.warn("the gateway refused turn {}: {}", turn.turnIndex(), err.getMessage());
          return journal.markFailed(turn.turnId()).transform(ignored -> {
            if (caller != null) {
              caller.tryFail(err);
            }
            return Future.succeededFuture(true);
          });
        });
  }

  private Future<InputAccepted> acknowledged(TurnView turn, SendResult sent) {
    String status = sent.status();
    if (status == null || "started".equals(status) || "in_flight".equals(status)) {
      sentAt.put(turn.turnId(), System.currentTimeMillis());
      onSent.accept(turn, sent.runId());
      return journal.markSent(turn.turnId(), sent.runId()).map(v -> accepted(turn, sent.runId(), Delivery.SENT));
    }
    // The gateway had already finished this turn (a re-send after a reconnect): whatever it answered is
    // in its history and was stored by recovery; nothing more will come for it.
    LOG.info("turn {} had already ended at the gateway ({})", turn.turnIndex(), status);
    MessageType outcome = "timeout".equals(status) ? MessageType.INTERRUPT : MessageType.FINAL;
    return journal.recordReply(turn, new Reply(sent.runId(), outcome, "", status, null), store::appendTurn)
        .map(v -> accepted(turn, sent.runId(), Delivery.ANSWERED));
  }

  private void scheduleWakeUp(long delayMs) {
    vertx.cancelTimer(wakeUp);
    wakeUp = vertx.setTimer(Math.max(1, delayMs), t -> pump());
  }

  static InputAccepted accepted(TurnView turn, String runId, Delivery delivery) {
    return new InputAccepted(turn.sessionUuid(), turn.turnIndex(), turn.idempotencyKey(), runId, delivery);
  }
}
