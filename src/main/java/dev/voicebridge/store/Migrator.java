package dev.voicebridge.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the latest schema version, one migration per transaction, recording each in
 * {@code schema_version}. A database without {@code schema_version} but with the reference tables is
 * taken as version 1 (written by the reference implementation). A database newer than this build is
 * refused rather than touched.
 */
public final class Migrator {

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  /** What a migration run did. */
  public record Report(int fromVersion, int toVersion, List<String> applied) {
  }

  private final Database db;
  private final Timestamps time = Timestamps.system();

  Migrator(Database db) {
    this.db = db;
  }

  Future<Integer> migrate() {
    return migrateWithReport().map(Report::toVersion);
  }

  Future<Report> migrateWithReport() {
    return db.onWriteConnection(conn -> currentVersion(conn).compose(from -> {
      if (from > Schema.latestVersion()) {
        return Future.failedFuture(new StoreException(StoreException.STORAGE, "database " + db.path()
            + " has schema version " + from + " but this voice-bridge knows only up to " + Schema.latestVersion()
            + "; use a newer voice-bridge"));
      }
      List<String> applied = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (Migration m : Schema.MIGRATIONS) {
        if (m.version() > from) {
          chain = chain.compose(v -> apply(conn, m)).onSuccess(v -> applied.add("v" + m.version() + ": "
              + m.description()));
        }
      }
      return chain.map(v -> new Report(from, Math.max(from, Schema.latestVersion()), applied));
    }));
  }

  private Future<Integer> currentVersion(SqlConnection conn) {
    return conn.query("SELECT name FROM sqlite_master WHERE type = 'table'").execute().compose(rows -> {
      Set<String> tables = new HashSet<>();
      rows.forEach(r -> tables.add(r.getString(0)));
      if (tables.contains("schema_version")) {
        return conn.query("SELECT COALESCE(MAX(version), 0) FROM schema_version").execute()
            .map(rs -> (int) Database.longOf(first(rs), 0, 0));
      }
      Future<Void> created = conn.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
          + "applied_at TEXT NOT NULL, description TEXT NOT NULL)").execute().mapEmpty();
      if (tables.contains("sessions")) {
        LOG.info("database {} has the reference schema without a version table: taking it as version 1",
            db.path());
        return created.compose(v -> conn.preparedQuery("INSERT OR IGNORE INTO schema_version VALUES (1, ?, ?)")
            .execute(Tuple.of(time.now(), "reference schema (found without schema_version)"))).map(1);
      }
      return created.map(0);
    });
  }

  private Future<Void> apply(SqlConnection conn, Migration m) {
    LOG.info("migrating {} to schema v{}: {}", db.path(), m.version(), m.description());
    Future<Void> before = m.foreignKeysOff()
        ? conn.query("PRAGMA foreign_keys = OFF").execute().mapEmpty()
        : Future.succeededFuture();
    return before.compose(v -> Database.<Void>transaction(conn, c -> {
      // Re-read the version inside the write transaction: another process may have migrated meanwhile.
      Future<Boolean> pending = c.preparedQuery("SELECT COUNT(*) FROM schema_version WHERE version = ?")
          .execute(Tuple.of(m.version())).map(rs -> Database.longOf(first(rs), 0, 0) == 0);
      return pending.compose(todo -> todo ? runSteps(c, m) : Future.<Void>succeededFuture());
    }).recover(err -> Future.<Void>failedFuture(new StoreException(StoreException.STORAGE, "migrating " + db.path()
        + " to schema v" + m.version() + " failed and was rolled back (the database is unchanged): "
        + db.translate(err).getMessage(), err))))
        .compose(v -> m.foreignKeysOff() ? afterForeignKeysOff(conn) : Future.succeededFuture());
  }

  private Future<Void> runSteps(SqlConnection conn, Migration m) {
    Future<Void> steps = Future.succeededFuture();
    for (String sql : m.statements()) {
      steps = steps.compose(x -> conn.query(sql).execute().mapEmpty());
    }
    return steps.compose(x -> conn.preparedQuery("INSERT INTO schema_version VALUES (?, ?, ?)")
        .execute(Tuple.of(m.version(), time.now(), m.description())).mapEmpty());
  }

  /** Turns enforcement back on and reports rows that point at sessions that no longer exist. */
  private Future<Void> afterForeignKeysOff(SqlConnection conn) {
    return conn.query("PRAGMA foreign_key_check").execute()
        .compose(rows -> {
          if (rows.size() > 0) {
            LOG.warn("{} rows in {} refer to missing sessions (left by an older writer); they are kept but "
                + "belong to no session", rows.size(), db.path());
          }
          return conn.query("PRAGMA foreign_keys = ON").execute().mapEmpty();
        });
  }

  private static Row first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? it.next() : null;
  }
}
