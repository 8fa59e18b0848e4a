package dev.voicebridge.cli;

import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.config.ConfigLoader;
import dev.voicebridge.session.HistoryManager;
import dev.voicebridge.session.SessionManager;
import dev.voicebridge.session.SessionSettings;
import dev.voicebridge.store.PersistenceVerticle;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.StoreSettings;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * What a one-shot command needs: the loaded configuration, a Vert.x instance with the persistence
 * verticle deployed, and the store, session and history APIs on top of the bus. The command's thread
 * waits for results with {@link #await(Future)}; it is never a Vert.x thread.
 */
public final class CliRuntime implements AutoCloseable {

  private final BridgeConfig config;
  private final Vertx vertx;
  private final PersistenceVerticle persistence;
  private final StoreClient store;
  private final Timestamps time = Timestamps.system();

  private CliRuntime(BridgeConfig config, Vertx vertx, PersistenceVerticle persistence) {
    this.config = config;
    this.vertx = vertx;
    this.persistence = persistence;
    this.store = new StoreClient(vertx.eventBus());
  }

  public static BridgeConfig loadConfig(GlobalOptions options) {
    ConfigLoader loader = new ConfigLoader();
    return loader.load(ConfigLoader.locate(options.config(), System.getenv()).orElse(null), System.getenv(),
        options.overrides());
  }

  /** Loads the configuration and opens the store. */
  public static CliRuntime start(GlobalOptions options) {
    BridgeConfig config = loadConfig(options);
    Vertx vertx = BridgeVertx.create();
    PersistenceVerticle persistence = new PersistenceVerticle(StoreSettings.from(config));
    try {
      waitFor(vertx.deployVerticle(persistence));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    return new CliRuntime(config, vertx, persistence);
  }

  public BridgeConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public StoreClient store() {
    return store;
  }

  public PersistenceVerticle persistence() {
    return persistence;
  }

  public Timestamps time() {
    return time;
  }

  public SessionManager sessions() {
    return new SessionManager(store, SessionSettings.from(config), time);
  }

  public HistoryManager history() {
    return new HistoryManager(store);
  }

  public <T> T await(Future<T> future) {
    return waitFor(future);
  }

  /** Blocks the calling (non-Vert.x) thread until the future completes; failures are rethrown as is. */
  public static <T> T waitFor(Future<T> future) {
    return dev.voicebridge.base.Futures.await(future);
  }

  @Override
  public void close() {
    waitFor(vertx.close());
  }
}
