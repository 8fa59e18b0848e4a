package dev.voicebridge.session;

import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.gateway.SessionKeys;
import dev.voicebridge.store.StoreClient;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds which stored user turn a run answers when the session verticle did not start it itself: a run
 * started before the bridge restarted, one re-sent by recovery, or one the gateway started on its own to
 * continue a turn that a gateway restart interrupted (it has a new runId). The first two are found by
 * runId (the gateway uses the idempotency key as runId, so both columns are searched); the last is
 * adopted by the oldest turn of this session that was acknowledged but never answered.
 */
final class RunResolver {

  private static final Logger LOG = LoggerFactory.getLogger(RunResolver.class);
  /** Turns looked at: a run older than this many turns is not worth finding. */
  static final int RECENT_TURNS = 50;

  private final StoreClient store;
  private final String sessionKey;
  private final Supplier<String> defaultAgentId;

  RunResolver(StoreClient store, String sessionKey, Supplier<String> defaultAgentId) {
    this.store = store;
    this.sessionKey = sessionKey;
    this.defaultAgentId = defaultAgentId;
  }

  /** The user turn {@code runId} answers, or empty for a run that is not this session's business. */
  Future<Optional<TurnView>> resolve(String runId, String eventSessionKey) {
    boolean ourSession = eventSessionKey == null || SessionKeys.same(sessionKey, eventSessionKey, defaultAgentId.get());
    if (!ourSession) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.listSessions(new SessionQuery(SessionState.ACTIVE, sessionKey, 1)).compose(list -> {
      if (list.sessions().isEmpty()) {
        return Future.succeededFuture(Optional.<TurnView>empty());
      }
      String uuid = list.sessions().get(0).sessionUuid();
      return store.turns(new TurnQuery(uuid, null, null, null, null, RECENT_TURNS, true)).map(turns -> {
        Optional<TurnView> own = userTurns(turns.turns()).stream()
            .filter(t -> runId.equals(t.runId()) || runId.equals(t.idempotencyKey()))
            .findFirst();
        if (own.isPresent() || eventSessionKey == null) {
          return own;
        }
        Optional<TurnView> waiting = userTurns(turns.turns()).stream()
            .filter(t -> t.delivery() == Delivery.SENT)
            .min(Comparator.comparingInt(TurnView::turnIndex));
        waiting.ifPresent(t -> LOG.info("run {} answers turn {} of session {} (the gateway continued it under a "
            + "new run id)", runId, t.turnIndex(), uuid));
        return waiting;
      });
    });
  }

  private static List<TurnView> userTurns(List<TurnView> turns) {
    return turns.stream().filter(t -> t.role() == Role.USER).toList();
  }
}
