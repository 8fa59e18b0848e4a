package dev.voicebridge.store;

import dev.voicebridge.base.IoErrors;
import dev.voicebridge.base.PrivateFiles;
import dev.voicebridge.bus.StoreMessages.BackupResult;
import dev.voicebridge.bus.StoreMessages.CheckResult;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.CleanupResult;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Statistics, online backup and cleanup of old sessions. */
final class MaintenanceRepository {

  private static final DateTimeFormatter BACKUP_NAME =
      DateTimeFormatter.ofPattern("'sessions-'yyyyMMdd'-'HHmmss'.db'").withZone(ZoneOffset.UTC);

  private final Database db;
  private final Timestamps time;
  private final SessionRepository sessions;

  MaintenanceRepository(Database db, Timestamps time, SessionRepository sessions) {
    this.db = db;
    this.time = time;
    this.sessions = sessions;
  }

  Future<StoreStats> stats() {
    var readers = db.readers();
    Future<RowSet<Row>> bySessionState = readers.query("SELECT state, COUNT(*) FROM sessions GROUP BY state").execute();
    Future<RowSet<Row>> byRole = readers.query("SELECT role, COUNT(*) FROM conversation_turns GROUP BY role").execute();
    Future<RowSet<Row>> byType = readers.query("SELECT COALESCE(message_type, 'unknown'), COUNT(*) "
        + "FROM conversation_turns GROUP BY 1").execute();
    Future<RowSet<Row>> byTool = readers.query("SELECT status, COUNT(*) FROM tool_executions GROUP BY status")
        .execute();
    Future<RowSet<Row>> span = readers.query("SELECT MIN(last_activity), MAX(last_activity), "
        + "(SELECT COALESCE(MAX(version), 0) FROM schema_version) FROM sessions").execute();
    Future<Long> size = db.vertx().executeBlocking(() -> fileBytes(db.path()), false);
    return Future.all(bySessionState, byRole, byType, byTool, span, size).map(all -> {
      JsonObject states = counts(bySessionState.result());
      JsonObject roles = counts(byRole.result());
      JsonObject types = counts(byType.result());
      JsonObject tools = counts(byTool.result());
      Row s = Rows.firstOrNull(span.result());
      long sessionCount = sum(states);
      long turns = sum(roles);
      return new StoreStats(db.path().toString(), size.result(), s.getInteger(2), sessionCount,
          states.getLong("active", 0L), states.getLong("closed", 0L), states.getLong("error", 0L), turns, roles,
          types, sum(tools), tools, s.getString(0), s.getString(1),
          sessionCount == 0 ? 0.0 : Math.round(10.0 * turns / sessionCount) / 10.0);
    });
  }

  /**
   * SQLite's checks of the whole file (b-trees, indexes against their tables, page accounting) and of the
   * foreign keys, on a reader connection: the bridge may go on writing meanwhile (WAL readers see one
   * snapshot).
   */
  Future<CheckResult> check() {
    var readers = db.readers();
    return readers.query("PRAGMA integrity_check(100)").execute().compose(integrity ->
        readers.query("PRAGMA foreign_key_check").execute().map(keys -> {
          java.util.List<String> problems = new java.util.ArrayList<>();
          for (Row r : integrity) {
            if (!"ok".equals(r.getValue(0))) {
              problems.add(String.valueOf(r.getValue(0)));
            }
          }
          for (Row r : keys) {
            problems.add("table " + r.getValue(0) + " row " + r.getValue(1) + " refers to a missing row of "
                + r.getValue(2));
          }
          return new CheckResult(db.path().toString(), problems.isEmpty(), java.util.List.copyOf(problems));
        }));
  }

  /**
   * A consistent copy of the live database with {@code VACUUM INTO}, which reads one snapshot (WAL
   * included) while writers go on. The target is created empty with mode 0600 first, so the copy is
   * never readable by others, and an existing file is never overwritten.
   */
  Future<BackupResult> backup(String out) {
    Path target = out == null || out.isBlank()
        ? db.settings().backupDir().resolve(BACKUP_NAME.format(time.nowInstant()))
        : Path.of(out).toAbsolutePath();
    return db.vertx().executeBlocking(() -> {
      createEmptyPrivateFile(target);
      return null;
    }, false).compose(v -> db.readers().preparedQuery("VACUUM INTO ?").execute(Tuple.of(target.toString())))
        .compose(v -> db.vertx().executeBlocking(() -> new BackupResult(target.toString(), Files.size(target)), false))
        .recover(err -> db.vertx().executeBlocking(() -> {
          if (!(err instanceof FileAlreadyExistsException)) {
            Files.deleteIfExists(target); // a half-written copy is worse than none
          }
          return null;
        }, false).transform(ignored -> Future.failedFuture(backupFailure(err, target))));
  }

  private StoreException backupFailure(Throwable err, Path target) {
    if (err instanceof FileAlreadyExistsException) {
      return StoreException.badRequest("backup target " + target + " already exists; choose another --out");
    }
    if (err instanceof IOException io) {
      return new StoreException(StoreException.STORAGE, "cannot write backup " + target + ": " + IoErrors.reason(io)
          + "; choose another --out");
    }
    StoreException e = db.translate(err);
    return new StoreException(e.code(), "backup to " + target + " failed: " + e.getMessage(), err);
  }

  private static void createEmptyPrivateFile(Path target) throws IOException {
    PrivateFiles.createDirectories(target.getParent());
    Files.createFile(target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
  }

  Future<CleanupResult> cleanup(SqlConnection conn, CleanupRequest req) {
    Instant now = time.nowInstant();
    Future<Integer> closed = req.staleMinutes() == null ? Future.succeededFuture(0)
        : sessions.closeIdle(conn, Timestamps.format(now.minus(Duration.ofMinutes(req.staleMinutes()))),
            "stale: idle more than " + req.staleMinutes() + " minutes");
    return closed.compose(closedCount -> deleteOld(conn, req, now).compose(byAge -> deleteBeyondMax(conn, req)
        .map(byCount -> new CleanupResult(closedCount, byAge[0] + byCount[0], byAge[1] + byCount[1]))));
  }

  /** Deletes CLOSED/ERROR sessions idle since before the cut-off; returns {sessions, turns}. */
  private Future<int[]> deleteOld(SqlConnection conn, CleanupRequest req, Instant now) {
    if (req.olderThanMinutes() == null) {
      return Future.succeededFuture(new int[] {0, 0});
    }
    String cutoff = Timestamps.format(now.minus(Duration.ofMinutes(req.olderThanMinutes())));
    return deleteWhere(conn, "state IN ('closed', 'error') AND last_activity < ?", Tuple.of(cutoff));
  }

  /** Keeps at most maxSessions sessions: deletes the least recently active CLOSED/ERROR ones beyond it. */
  private Future<int[]> deleteBeyondMax(SqlConnection conn, CleanupRequest req) {
    if (req.maxSessions() == null) {
      return Future.succeededFuture(new int[] {0, 0});
    }
    return conn.query("SELECT COUNT(*) FROM sessions WHERE state = 'active'").execute().compose(rows -> {
      long active = Database.longOf(Rows.firstOrNull(rows), 0, 0);
      long keepClosed = Math.max(0, req.maxSessions() - active);
      return deleteWhere(conn, "id IN (SELECT id FROM sessions WHERE state IN ('closed', 'error') "
          + "ORDER BY last_activity DESC, id DESC LIMIT -1 OFFSET ?)", Tuple.of(keepClosed));
    });
  }

  private Future<int[]> deleteWhere(SqlConnection conn, String where, Tuple args) {
    return conn.preparedQuery("SELECT COUNT(*) FROM conversation_turns WHERE session_id IN "
            + "(SELECT id FROM sessions WHERE " + where + ")").execute(args)
        .compose(turnRows -> conn.preparedQuery("DELETE FROM sessions WHERE " + where).execute(args)
            .map(del -> new int[] {del.rowCount(), (int) Database.longOf(Rows.firstOrNull(turnRows), 0, 0)}));
  }

  private static long fileBytes(Path db) throws IOException {
    long total = Files.size(db);
    for (String suffix : new String[] {"-wal", "-shm"}) {
      Path p = db.resolveSibling(db.getFileName() + suffix);
      if (Files.exists(p)) {
        total += Files.size(p);
      }
    }
    return total;
  }

  private static JsonObject counts(RowSet<Row> rows) {
    JsonObject out = new JsonObject();
    for (Row r : rows) {
      out.put(String.valueOf(r.getValue(0)), ((Number) r.getValue(1)).longValue());
    }
    return out;
  }

  private static long sum(JsonObject counts) {
    return counts.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
  }
}
