package dev.voicebridge.session;

import dev.voicebridge.base.Bounded;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.SessionActive;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionUpdate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session lifecycle on top of the store (through the event bus): create, get, update, close, list,
 * get-or-create the active session of a key, stale detection and cleanup. Keeps the active sessions it
 * has seen in a small LRU cache so a conversation turn does not re-read its session.
 *
 * <p>Lives on one Vert.x context (a verticle's or the CLI's); not thread-safe.
 */
public final class SessionManager {

  private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

  private final StoreClient store;
  private final SessionSettings settings;
  private final Timestamps time;
  private final Map<String, Session> cache;

  public SessionManager(StoreClient store, SessionSettings settings, Timestamps time) {
    this.store = store;
    this.settings = settings;
    this.time = time;
    this.cache = Bounded.map(settings.cacheSize(), true);
  }

  public Future<Session> create(String sessionKey, JsonObject metadata) {
    return store.createSession(new SessionCreate(sessionKey, metadata)).map(this::remember);
  }

  /** A session by UUID (or unique UUID prefix); fails with a 404 StoreException when unknown. */
  public Future<Session> get(String uuid) {
    Session cached = cache.get(uuid);
    return cached != null ? Future.succeededFuture(cached) : store.session(uuid).map(this::remember);
  }

  /**
   * The session to talk in for {@code sessionKey}: the active one if it is not stale; otherwise the stale
   * one is closed (reason "stale") and a new one is created.
   */
  public Future<Session> getOrCreateActive(String sessionKey) {
    Optional<Session> cached = cache.values().stream()
        .filter(s -> sessionKey.equals(s.sessionKey()) && s.isActive())
        .findFirst();
    Future<Session> candidate = cached.isPresent() ? Future.succeededFuture(cached.get())
        : store.activeSession(new SessionActive(sessionKey, new JsonObject().put("sessionKey", sessionKey)))
            .map(this::remember);
    return candidate.compose(s -> {
      if (!s.isStale(time.nowInstant(), settings.staleAfter())) {
        return Future.succeededFuture(s);
      }
      LOG.info("session {} idle since {}: closing it as stale and starting a new one", s.uuid(), s.lastActivity());
      return close(s.uuid(), "stale: idle more than " + settings.staleAfter().toMinutes() + " minutes")
          .compose(closed -> store.activeSession(new SessionActive(sessionKey,
              new JsonObject().put("sessionKey", sessionKey).put("previousSession", s.uuid()))))
          .map(this::remember);
    });
  }

  /** Saves the session's metadata and context window and marks it active now. */
  public Future<Session> update(Session session) {
    return store.updateSession(new SessionUpdate(session.uuid(), null, session.metadata(),
        session.contextWindow().toJson(), true)).map(view -> remember(view, session));
  }

  public Future<Session> close(String uuid, String reason) {
    return store.closeSession(new SessionClose(uuid, reason, false)).map(view -> {
      cache.remove(view.sessionUuid());
      return Session.of(view, settings.window());
    });
  }

  public Future<Session> markError(String uuid, String reason) {
    return store.closeSession(new SessionClose(uuid, reason, true)).map(view -> {
      cache.remove(view.sessionUuid());
      return Session.of(view, settings.window());
    });
  }

  public Future<List<Session>> list(SessionState state) {
    return store.listSessions(new SessionQuery(state, null, null))
        .map(list -> list.sessions().stream().map(v -> Session.of(v, settings.window())).toList());
  }

  /** Active sessions idle longer than the stale timeout. */
  public Future<List<Session>> findStale() {
    return list(SessionState.ACTIVE).map(all -> all.stream()
        .filter(s -> s.isStale(time.nowInstant(), settings.staleAfter())).toList());
  }

  /** Closes every stale session; returns how many. */
  public Future<Integer> closeStale() {
    return store.cleanup(new CleanupRequest((int) settings.staleAfter().toMinutes(), null, null))
        .map(result -> {
          cache.values().removeIf(s -> s.isStale(time.nowInstant(), settings.staleAfter()));
          return result.closedStale();
        });
  }

  /**
   * Appends a turn to the session and, for what an LLM should see again (user messages and final
   * assistant answers), adds it to the context window and saves the window. The turn is committed before
   * the window is saved: a crash in between loses no turn, and the window is rebuilt from turns anyway.
   */
  public Future<TurnView> addTurn(Session session, TurnAppend turn) {
    return store.appendTurn(turn).compose(stored -> rememberInContext(session, stored).map(stored));
  }

  /**
   * Adds a committed turn to the session's context window, if an LLM should see it again, and saves the
   * window. For callers that must not wait for the window after the commit (the turn is what counts).
   */
  public Future<Session> rememberInContext(Session session, TurnView stored) {
    return addToContext(session, stored) ? update(session) : Future.succeededFuture(session);
  }

  /**
   * Adds a committed turn to the session's context window in memory only, if an LLM should see it again;
   * true when the window changed and needs saving ({@link #update}).
   */
  private boolean addToContext(Session session, TurnView stored) {
    if (!belongsInContext(stored)) {
      return false;
    }
    session.contextWindow().add(stored.role().wire(), stored.content(), stored.timestamp());
    return true;
  }

  static boolean belongsInContext(TurnView turn) {
    boolean conversational = turn.role() == Role.USER || turn.role() == Role.ASSISTANT;
    boolean answer = turn.messageType() == null || turn.messageType() == MessageType.FINAL;
    return conversational && answer && !turn.content().isBlank();
  }

  public void forget(String uuid) {
    cache.remove(uuid);
  }

  private Session remember(SessionView view) {
    Session cached = cache.get(view.sessionUuid());
    return keep(cached != null ? cached.refreshed(view) : Session.of(view, settings.window()));
  }

  private Session remember(SessionView view, Session current) {
    return keep(current.refreshed(view));
  }

  private Session keep(Session s) {
    if (s.isActive()) {
      cache.put(s.uuid(), s);
    } else {
      cache.remove(s.uuid());
    }
    return s;
  }
}
