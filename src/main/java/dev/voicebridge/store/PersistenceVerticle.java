package dev.voicebridge.store;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SessionMessages.TurnCommitted;
import dev.voicebridge.bus.StoreMessages.BackupRequest;
import dev.voicebridge.bus.StoreMessages.CheckRequest;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.SessionActive;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionGet;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionUpdate;
import dev.voicebridge.bus.StoreMessages.StatsRequest;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.ToolTransition;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnSearch;
import dev.voicebridge.bus.StoreMessages.TurnUpdate;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;

/**
 * Serves the conversation store on the {@code store.*} addresses, so other verticles and external
 * programs use it without touching JDBC. Every committed turn is also announced on
 * {@code store.turn.committed}.
 */
public final class PersistenceVerticle extends VerticleBase {

  private final StoreSettings settings;
  private final Timestamps time;
  private ConversationStore store;

  public PersistenceVerticle(StoreSettings settings, Timestamps time) {
    this.settings = settings;
    this.time = time;
  }

  public PersistenceVerticle(StoreSettings settings) {
    this(settings, Timestamps.system());
  }

  @Override
  public Future<?> start() {
    return ConversationStore.open(vertx, settings, time).onSuccess(opened -> {
      store = opened;
      EventBus bus = vertx.eventBus();
      Bus.serve(bus, Addresses.STORE_SESSION_CREATE, SessionCreate.class, store::createSession);
      Bus.serve(bus, Addresses.STORE_SESSION_GET, SessionGet.class, store::session);
      Bus.serve(bus, Addresses.STORE_SESSION_ACTIVE, SessionActive.class, store::activeSession);
      Bus.serve(bus, Addresses.STORE_SESSION_UPDATE, SessionUpdate.class, store::updateSession);
      Bus.serve(bus, Addresses.STORE_SESSION_CLOSE, SessionClose.class, store::closeSession);
      Bus.serve(bus, Addresses.STORE_SESSION_LIST, SessionQuery.class, store::listSessions);
      Bus.serve(bus, Addresses.STORE_TURN_APPEND, TurnAppend.class, req -> store.appendTurn(req)
          .onSuccess(turn -> Bus.publish(bus, Addresses.STORE_TURN_COMMITTED, new TurnCommitted(turn))));
      Bus.serve(bus, Addresses.STORE_TURN_UPDATE, TurnUpdate.class, store::updateTurn);
      Bus.serve(bus, Addresses.STORE_TURN_LIST, TurnQuery.class, store::turns);
      Bus.serve(bus, Addresses.STORE_TURN_SEARCH, TurnSearch.class, store::search);
      Bus.serve(bus, Addresses.STORE_TOOL_RECORD, ToolRecord.class, store::recordTool);
      Bus.serve(bus, Addresses.STORE_TOOL_LIST, ToolQuery.class, store::tools);
      Bus.serve(bus, Addresses.STORE_TOOL_TRANSITION, ToolTransition.class, store::transitionTools);
      Bus.serve(bus, Addresses.STORE_STATS, StatsRequest.class, req -> store.stats());
      Bus.serve(bus, Addresses.STORE_BACKUP, BackupRequest.class, store::backup);
      Bus.serve(bus, Addresses.STORE_CHECK, CheckRequest.class, req -> store.check());
      Bus.serve(bus, Addresses.STORE_CLEANUP, CleanupRequest.class, store::cleanup);
    });
  }

  @Override
  public Future<?> stop() {
    return store == null ? Future.succeededFuture() : store.close();
  }

  /** The schema migration this verticle's start performed (for {@code db migrate}). */
  public Migrator.Report migration() {
    return store.database().migration();
  }
}
