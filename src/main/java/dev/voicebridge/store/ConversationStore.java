package dev.voicebridge.store;

import dev.voicebridge.bus.StoreMessages.BackupRequest;
import dev.voicebridge.bus.StoreMessages.BackupResult;
import dev.voicebridge.bus.StoreMessages.CheckResult;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.CleanupResult;
import dev.voicebridge.bus.StoreMessages.SearchResult;
import dev.voicebridge.bus.StoreMessages.SessionActive;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionGet;
import dev.voicebridge.bus.StoreMessages.SessionList;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionUpdate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.bus.StoreMessages.ToolList;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.ToolTransition;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnList;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnSearch;
import dev.voicebridge.bus.StoreMessages.TurnUpdate;
import dev.voicebridge.bus.StoreMessages.TurnView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * The conversation store: one method per {@code store.*} address, each taking and returning the bus
 * records. Writes go through the {@link WriteQueue} (one writer, group commit); reads through the read
 * pool. Failures are always {@link StoreException}s with a message about the database.
 *
 * <p>Open it on the context that will use it (the persistence verticle's): the write queue is bound to it.
 */
public final class ConversationStore {

  private final Database db;
  private final SessionRepository sessions;
  private final TurnRepository turns;
  private final ToolExecutionRepository tools;
  private final MaintenanceRepository maintenance;
  private final WriteQueue writes;

  private ConversationStore(Vertx vertx, Database db, Timestamps time) {
    this.db = db;
    this.sessions = new SessionRepository(db, time);
    this.turns = new TurnRepository(db, time);
    this.tools = new ToolExecutionRepository(db, time, sessions);
    this.maintenance = new MaintenanceRepository(db, time, sessions);
    this.writes = new WriteQueue(vertx, db, turns, db.settings().maxBatch());
  }

  public static Future<ConversationStore> open(Vertx vertx, StoreSettings settings, Timestamps time) {
    return Database.open(vertx, settings).map(db -> new ConversationStore(vertx, db, time));
  }

  public Database database() {
    return db;
  }

  // ---- sessions

  public Future<SessionView> createSession(SessionCreate req) {
    return writes.run(conn -> sessions.create(conn, req.sessionKey(), req.metadata()));
  }

  public Future<SessionView> session(SessionGet req) {
    return guarded(() -> sessions.find(req.sessionUuid()));
  }

  public Future<SessionView> activeSession(SessionActive req) {
    return writes.run(conn -> sessions.active(conn, req.sessionKey(), req.metadata()));
  }

  public Future<SessionView> updateSession(SessionUpdate req) {
    return writes.runAtomic(conn -> sessions.update(conn, req.sessionUuid(), req.state(), req.metadata(),
        req.contextWindow(), req.touch()));
  }

  public Future<SessionView> closeSession(SessionClose req) {
    return writes.run(conn -> sessions.close(conn, req.sessionUuid(), req.reason(), req.error()));
  }

  public Future<SessionList> listSessions(SessionQuery req) {
    return guarded(() -> sessions.list(req).map(SessionList::new));
  }

  // ---- turns

  public Future<TurnView> appendTurn(TurnAppend req) {
    return writes.append(req);
  }

  public Future<TurnView> updateTurn(TurnUpdate req) {
    return writes.runAtomic(conn -> turns.update(conn, req));
  }

  public Future<TurnList> turns(TurnQuery req) {
    return guarded(() -> sessions.find(req.sessionUuid())
        .compose(s -> sessions.idOf(db.readers(), s.sessionUuid()))
        .compose(id -> turns.list(id, req))
        .map(TurnList::new));
  }

  public Future<SearchResult> search(TurnSearch req) {
    return guarded(() -> {
      Future<Long> sessionId = req.sessionUuid() == null ? Future.succeededFuture(null)
          : sessions.find(req.sessionUuid()).compose(s -> sessions.idOf(db.readers(), s.sessionUuid()));
      return sessionId.compose(id -> turns.search(req, id)).map(SearchResult::new);
    });
  }

  // ---- tool executions

  public Future<ToolView> recordTool(ToolRecord req) {
    return writes.run(conn -> tools.record(conn, req));
  }

  public Future<ToolList> tools(ToolQuery req) {
    return guarded(() -> tools.list(req.sessionUuid(), req.statuses()).map(ToolList::new));
  }

  public Future<ToolList> transitionTools(ToolTransition req) {
    return writes.run(conn -> tools.transition(conn, req.sessionUuid(), req.from(), req.to(), req.errorMessage()))
        .map(ToolList::new);
  }

  // ---- maintenance

  public Future<StoreStats> stats() {
    return guarded(maintenance::stats);
  }

  public Future<CheckResult> check() {
    return guarded(maintenance::check);
  }

  public Future<BackupResult> backup(BackupRequest req) {
    return guarded(() -> maintenance.backup(req.out()));
  }

  public Future<CleanupResult> cleanup(CleanupRequest req) {
    return writes.run(conn -> maintenance.cleanup(conn, req));
  }

  /** Writes out what is queued, then closes the pools. */
  public Future<Void> close() {
    return writes.idle().eventually(db::close);
  }

  /** Runs a read and maps any failure (including one thrown before a future exists) to a StoreException. */
  private <T> Future<T> guarded(Supplier<Future<T>> read) {
    Future<T> f;
    try {
      f = read.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    return f.recover(err -> Future.failedFuture(db.translate(err)));
  }
}
