package dev.voicebridge.store;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.StoreMessages.BackupRequest;
import dev.voicebridge.bus.StoreMessages.BackupResult;
import dev.voicebridge.bus.StoreMessages.CheckRequest;
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
import dev.voicebridge.bus.StoreMessages.StatsRequest;
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
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * The store as other components see it: typed requests to the persistence verticle over the event bus.
 * Failures come back as {@link StoreException} with the store's code and message.
 */
public final class StoreClient {

  /** Backups and cleanups of a large database can take a while. */
  private static final DeliveryOptions SLOW = new DeliveryOptions().setSendTimeout(600_000);
  private static final DeliveryOptions NORMAL = new DeliveryOptions().setSendTimeout(30_000);

  private final EventBus bus;

  public StoreClient(EventBus bus) {
    this.bus = bus;
  }

  public Future<SessionView> createSession(SessionCreate req) {
    return call(Addresses.STORE_SESSION_CREATE, req, SessionView.class, NORMAL);
  }

  public Future<SessionView> session(String uuid) {
    return call(Addresses.STORE_SESSION_GET, new SessionGet(uuid), SessionView.class, NORMAL);
  }

  public Future<SessionView> activeSession(SessionActive req) {
    return call(Addresses.STORE_SESSION_ACTIVE, req, SessionView.class, NORMAL);
  }

  public Future<SessionView> updateSession(SessionUpdate req) {
    return call(Addresses.STORE_SESSION_UPDATE, req, SessionView.class, NORMAL);
  }

  public Future<SessionView> closeSession(SessionClose req) {
    return call(Addresses.STORE_SESSION_CLOSE, req, SessionView.class, NORMAL);
  }

  public Future<SessionList> listSessions(SessionQuery req) {
    return call(Addresses.STORE_SESSION_LIST, req, SessionList.class, NORMAL);
  }

  public Future<TurnView> appendTurn(TurnAppend req) {
    return call(Addresses.STORE_TURN_APPEND, req, TurnView.class, NORMAL);
  }

  public Future<TurnView> updateTurn(TurnUpdate req) {
    return call(Addresses.STORE_TURN_UPDATE, req, TurnView.class, NORMAL);
  }

  public Future<TurnList> turns(TurnQuery req) {
    return call(Addresses.STORE_TURN_LIST, req, TurnList.class, NORMAL);
  }

  public Future<SearchResult> search(TurnSearch req) {
    return call(Addresses.STORE_TURN_SEARCH, req, SearchResult.class, NORMAL);
  }

  public Future<ToolView> recordTool(ToolRecord req) {
    return call(Addresses.STORE_TOOL_RECORD, req, ToolView.class, NORMAL);
  }

  public Future<ToolList> tools(ToolQuery req) {
    return call(Addresses.STORE_TOOL_LIST, req, ToolList.class, NORMAL);
  }

  public Future<ToolList> transitionTools(ToolTransition req) {
    return call(Addresses.STORE_TOOL_TRANSITION, req, ToolList.class, NORMAL);
  }

  public Future<StoreStats> stats() {
    return call(Addresses.STORE_STATS, new StatsRequest(), StoreStats.class, NORMAL);
  }

  public Future<BackupResult> backup(BackupRequest req) {
    return call(Addresses.STORE_BACKUP, req, BackupResult.class, SLOW);
  }

  public Future<CheckResult> check() {
    return call(Addresses.STORE_CHECK, new CheckRequest(), CheckResult.class, SLOW);
  }

  public Future<CleanupResult> cleanup(CleanupRequest req) {
    return call(Addresses.STORE_CLEANUP, req, CleanupResult.class, SLOW);
  }

  private <R> Future<R> call(String address, Object req, Class<R> reply, DeliveryOptions options) {
    return Bus.request(bus, address, req, reply, options).recover(err -> Future.failedFuture(
        err instanceof Bus.RequestFailed rf ? new StoreException(rf.code(), rf.getMessage()) : err));
  }
}
