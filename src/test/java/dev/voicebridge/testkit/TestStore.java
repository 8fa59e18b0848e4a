package dev.voicebridge.testkit;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.store.PersistenceVerticle;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.StoreSettings;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/** A real store on a real SQLite file: the persistence verticle deployed, a client on the bus. */
public final class TestStore {

  public final Vertx vertx;
  public final Path dbPath;
  public final StoreClient client;
  public final String deploymentId;

  private TestStore(Vertx vertx, Path dbPath, String deploymentId) {
    this.vertx = vertx;
    this.dbPath = dbPath;
    this.client = new StoreClient(vertx.eventBus());
    this.deploymentId = deploymentId;
  }

  public static StoreSettings settings(Path dbPath) {
    return StoreSettings.from(BridgeConfig.defaults().with(Map.of(
        "store.path", dbPath.toString(),
        "store.backupDir", dbPath.resolveSibling("backups").toString())));
  }

  public static TestStore start(Vertx vertx, Path dbPath) {
    return start(vertx, settings(dbPath), Timestamps.system());
  }

  public static TestStore start(Vertx vertx, StoreSettings settings, Timestamps time) {
    String id = Await.result(vertx.deployVerticle(new PersistenceVerticle(settings, time)));
    return new TestStore(vertx, settings.path(), id);
  }

  public void stop() {
    Await.result(vertx.undeploy(deploymentId));
  }

  /** A plain JDBC connection for checks the store API does not offer (pragmas, raw counts). */
  public static Connection jdbc(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db);
  }

  public static long count(Path db, String sql) throws SQLException {
    try (Connection c = jdbc(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public static String text(Path db, String sql) throws SQLException {
    try (Connection c = jdbc(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
