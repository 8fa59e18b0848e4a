package dev.voicebridge.store;

import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code sessions} table. Write methods take the connection of the current write transaction (see
 * {@link WriteQueue}); reads go to the read pool.
 */
final class SessionRepository {

  private static final Pattern UUID_PREFIX = Pattern.compile("[0-9a-fA-F-]{4,36}");

  private final Database db;
  private final Timestamps time;

  SessionRepository(Database db, Timestamps time) {
    this.db = db;
    this.time = time;
  }

  Future<SessionView> create(SqlConnection conn, String sessionKey, JsonObject metadata) {
    String uuid = UUID.randomUUID().toString();
    String now = time.now();
    return conn.preparedQuery("INSERT INTO sessions (session_uuid, session_key, created_at, last_activity, state, "
            + "context_window, metadata) VALUES (?, ?, ?, ?, 'active', NULL, ?)")
        .execute(Tuple.of(uuid, sessionKey, now, now, Rows.text(metadata == null ? new JsonObject() : metadata)))
        .compose(v -> byUuid(conn, uuid));
  }

  /** The most recently active ACTIVE session with this key, or a new one. */
  Future<SessionView> active(SqlConnection conn, String sessionKey, JsonObject metadata) {
    return conn.preparedQuery("SELECT " + Rows.SESSION_COLUMNS + " FROM sessions s WHERE s.session_key = ? "
            + "AND s.state = 'active' ORDER BY s.last_activity DESC, s.id DESC LIMIT 1")
        .execute(Tuple.of(sessionKey))
        .compose(rows -> {
          Row row = Rows.firstOrNull(rows);
          return row != null ? Future.succeededFuture(Rows.session(row)) : create(conn, sessionKey, metadata);
        });
  }

  /**
   * One statement (atomic on its own): sets what is given, merges the metadata given into the stored
   * metadata (JSON merge patch) and returns the session. A UUID prefix is resolved first.
   */
  Future<SessionView> update(SqlConnection conn, String uuid, SessionState state, JsonObject metadata,
      JsonObject contextWindow, boolean touch) {
    String patch = metadata == null ? null : metadata.encode();
    Tuple args = Tuple.of(Rows.wire(state), patch, patch, contextWindow == null ? null : contextWindow.encode(),
        touch, time.now(), uuid);
    return conn.preparedQuery(UPDATE).execute(args).compose(rows -> {
      Row row = Rows.firstOrNull(rows);
      if (row != null) {
        return Future.succeededFuture(Rows.session(row));
      }
      return byUuid(conn, uuid).compose(found -> found.sessionUuid().equals(uuid)
          ? Future.failedFuture(unknown(uuid))
          : update(conn, found.sessionUuid(), state, metadata, contextWindow, touch));
    });
  }

  private static final String UPDATE = "UPDATE sessions SET state = COALESCE(?, state), "
      + "metadata = CASE WHEN ? IS NULL THEN metadata "
      + "ELSE json_patch(CASE WHEN json_valid(metadata) THEN metadata ELSE '{}' END, ?) END, "
      + "context_window = COALESCE(?, context_window), "
      + "last_activity = CASE WHEN ? THEN ? ELSE last_activity END "
      + "WHERE session_uuid = ? RETURNING " + Rows.sessionColumns("sessions");

  Future<SessionView> close(SqlConnection conn, String uuid, String reason, boolean error) {
    return byUuid(conn, uuid).compose(current -> {
      if (current.state() != SessionState.ACTIVE) {
        return Future.succeededFuture(current);
      }
      JsonObject meta = new JsonObject()
          .put("closedReason", reason == null || reason.isBlank() ? "closed" : reason)
          .put("closedAt", time.now());
      return update(conn, current.sessionUuid(), error ? SessionState.ERROR : SessionState.CLOSED, meta, null,
          false);
    });
  }

  /** Closes ACTIVE sessions idle since before {@code idleBefore}; returns how many. */
  Future<Integer> closeIdle(SqlConnection conn, String idleBefore, String reason) {
    String meta = new JsonObject().put("closedReason", reason).put("closedAt", time.now()).encode();
    return conn.preparedQuery("UPDATE sessions SET state = 'closed', "
            + "metadata = json_patch(CASE WHEN json_valid(metadata) THEN metadata ELSE '{}' END, ?) "
            + "WHERE state = 'active' AND last_activity < ?")
        .execute(Tuple.of(meta, idleBefore))
        .map(rs -> rs.rowCount());
  }

  Future<SessionView> find(String uuidOrPrefix) {
    return byUuid(db.readers(), uuidOrPrefix);
  }

  Future<List<SessionView>> list(SessionQuery q) {
    StringBuilder sql = new StringBuilder("SELECT " + Rows.SESSION_COLUMNS + " FROM sessions s WHERE 1 = 1");
    Tuple args = Tuple.tuple();
    if (q.state() != null) {
      sql.append(" AND s.state = ?");
      args.addString(Rows.wire(q.state()));
    }
    if (q.sessionKey() != null) {
      sql.append(" AND s.session_key = ?");
      args.addString(q.sessionKey());
    }
    sql.append(" ORDER BY s.last_activity DESC, s.id DESC LIMIT ?");
    args.addInteger(q.limit() == null || q.limit() <= 0 ? 1000 : q.limit());
    return db.readers().preparedQuery(sql.toString()).execute(args).map(rows -> Rows.all(rows, Rows::session));
  }

  /**
   * Finds a session by its UUID or, as a convenience for people typing UUIDs, by a unique prefix of at
   * least four characters. Unknown → 404; an ambiguous prefix → 400 naming the candidates.
   */
  Future<SessionView> byUuid(SqlClient client, String uuidOrPrefix) {
    String wanted = uuidOrPrefix == null ? "" : uuidOrPrefix.trim();
    return client.preparedQuery("SELECT " + Rows.SESSION_COLUMNS + " FROM sessions s WHERE s.session_uuid = ?")
        .execute(Tuple.of(wanted))
        .compose(rows -> {
          Row exact = Rows.firstOrNull(rows);
          if (exact != null) {
            return Future.succeededFuture(Rows.session(exact));
          }
          if (!UUID_PREFIX.matcher(wanted).matches() || wanted.length() == 36) {
            return Future.failedFuture(unknown(wanted));
          }
          return client.preparedQuery("SELECT " + Rows.SESSION_COLUMNS + " FROM sessions s "
                  + "WHERE s.session_uuid LIKE ? ESCAPE '\\' LIMIT 5")
              .execute(Tuple.of(wanted.toLowerCase() + "%"))
              .compose(matches -> {
                if (matches.size() == 1) {
                  return Future.succeededFuture(Rows.session(Rows.firstOrNull(matches)));
                }
                if (matches.size() == 0) {
                  return Future.failedFuture(unknown(wanted));
                }
                List<String> ids = Rows.all(matches, r -> r.getString("session_uuid"));
                return Future.failedFuture(StoreException.badRequest("\"" + wanted + "\" matches several "
                    + "sessions: " + String.join(", ", ids) + "; give more of the UUID"));
              });
        });
  }

  /** The numeric id of a session, for writes; fails 404 when unknown. */
  Future<Long> idOf(SqlClient client, String uuid) {
    return client.preparedQuery("SELECT id FROM sessions WHERE session_uuid = ?").execute(Tuple.of(uuid))
        .compose(rows -> {
          Row r = Rows.firstOrNull(rows);
          return r == null ? Future.failedFuture(unknown(uuid)) : Future.succeededFuture(r.getLong(0));
        });
  }

  static StoreException unknown(String uuid) {
    return StoreException.notFound("no session \"" + uuid + "\" (list them with: voice-bridge sessions list)");
  }
}
