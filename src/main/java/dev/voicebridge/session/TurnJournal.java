package dev.voicebridge.session;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.Speakability;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnUpdate;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * How a conversation turn travels through the store, shared by the session and recovery verticles: a user
 * turn is stored PENDING with a fresh idempotency key before it is sent, becomes SENT with the gateway's
 * runId, and ANSWERED when its run ends; the reply is stored as an assistant turn whose idempotency key is
 * {@code run:<runId>}.
 *
 * <p>A reply is recorded exactly once however many paths report it (the live final event, the history
 * read by recovery after a reconnect, a bridge restart): within this JVM a run is claimed before it is
 * written, and across restarts the store returns the existing turn for a repeated idempotency key.
 */
public final class TurnJournal {

  private static final String CLAIMS = "voice-bridge.session.reply-claims";
  private static final int MAX_CLAIMS = 4096;

  private final Vertx vertx;
  private final StoreClient store;

  public TurnJournal(Vertx vertx, StoreClient store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** The idempotency key of the assistant turn that answers {@code runId}. */
  public static String replyKey(String runId) {
    return "run:" + runId;
  }

  /** A user turn, stored PENDING with a new idempotency key; completes after the commit. */
  public Future<TurnView> recordUserTurn(String sessionUuid, String text) {
    return store.appendTurn(new TurnAppend(sessionUuid, Role.USER, text, null, Speakability.SILENT, null, null,
        UUID.randomUUID().toString(), Delivery.PENDING, null));
  }

  public Future<TurnView> markSent(long turnId, String runId) {
    return store.updateTurn(new TurnUpdate(turnId, Delivery.SENT, runId));
  }

  /** Back to PENDING: the gateway lost the turn, it must be sent again (with the same idempotency key). */
  public Future<TurnView> markPending(long turnId) {
    return store.updateTurn(new TurnUpdate(turnId, Delivery.PENDING, null));
  }

  public Future<TurnView> markFailed(long turnId) {
    return store.updateTurn(new TurnUpdate(turnId, Delivery.FAILED, null));
  }

  /**
   * Records the end of a run that answers {@code userTurn}: the assistant turn (when there is text, or
   * for an error) and the user turn ANSWERED, in one statement (the reply names the turn it answers and
   * the store marks it), then {@code session.turn.answered}.
   * Does nothing, successfully, when the run was already recorded. {@code stored} hears of the new
   * assistant turn (e.g. to add it to the context window) without delaying the announcement.
   */
  public Future<Boolean> recordReply(TurnView userTurn, Reply reply, Consumer<TurnView> stored) {
    LocalMap<String, Long> claims = vertx.sharedData().getLocalMap(CLAIMS);
    if (claims.putIfAbsent(reply.runId(), System.currentTimeMillis()) != null) {
      return Future.succeededFuture(false);
    }
    trim(claims);
    boolean storeTurn = !reply.text().isBlank() || reply.outcome() == MessageType.ERROR;
    Future<TurnView> recorded = storeTurn
        ? store.appendTurn(new TurnAppend(userTurn.sessionUuid(), Role.ASSISTANT, reply.text(), reply.outcome(),
            speakability(reply), reply.toolCalls(), reply.runId(), replyKey(reply.runId()), null,
            userTurn.turnId())).recover(err -> whenSessionClosed(userTurn, err))
        : markAnswered(userTurn);
    return recorded
        .onSuccess(turn -> {
          Bus.publish(vertx.eventBus(), Addresses.SESSION_TURN_ANSWERED, new TurnAnswered(userTurn.sessionUuid(),
              userTurn.turnIndex(), reply.runId(), reply.outcome(), turn == null ? null : turn.turnIndex(),
              reply.text()));
          if (turn != null) {
            stored.accept(turn);
          }
        })
        .onFailure(err -> claims.remove(reply.runId()))
        .map(true);
  }

  /**
   * The run's session was closed meanwhile (e.g. as stale): it takes no more turns, so the reply is not
   * stored, but its question is answered all the same, or recovery would ask about it for ever.
   */
  private Future<TurnView> whenSessionClosed(TurnView userTurn, Throwable err) {
    if (!(err instanceof StoreException se && se.code() == StoreException.CONFLICT)) {
      return Future.failedFuture(err);
    }
    // 409 is also any constraint failure: only a session that is no longer active lets the reply go.
    return store.session(userTurn.sessionUuid()).compose(s -> s.state() == SessionState.ACTIVE
        ? Future.failedFuture(err) : markAnswered(userTurn));
  }

  private Future<TurnView> markAnswered(TurnView userTurn) {
    return store.updateTurn(new TurnUpdate(userTurn.turnId(), Delivery.ANSWERED, null)).map(v -> (TurnView) null);
  }

  /** What of a reply is spoken: answers yes; errors and aborted fragments are not read out as they are. */
  static Speakability speakability(Reply reply) {
    return reply.outcome() == MessageType.FINAL ? Speakability.SPEAK : Speakability.SILENT;
  }

  private static void trim(LocalMap<String, Long> claims) {
    if (claims.size() <= MAX_CLAIMS) {
      return;
    }
    List<Map.Entry<String, Long>> entries = new ArrayList<>(claims.entrySet());
    entries.sort(Comparator.comparingLong(Map.Entry::getValue));
    entries.subList(0, entries.size() / 2).forEach(e -> claims.remove(e.getKey()));
  }
}
