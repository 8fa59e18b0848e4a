package dev.voicebridge.store;

import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.ToolStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code tool_executions} table. A tool execution is identified by its session and the gateway's
 * toolCallId, and its status only moves forward, so replayed or late events (a start after a result, a
 * duplicate result after a reconnect) cannot undo what is known.
 */
final class ToolExecutionRepository {

  private final Database db;
  private final Timestamps time;
  private final SessionRepository sessions;

  ToolExecutionRepository(Database db, Timestamps time, SessionRepository sessions) {
    this.db = db;
    this.time = time;
    this.sessions = sessions;
  }

  /** How far along a status is; a record with a lower rank than the stored one is ignored. */
  static int rank(ToolStatus status) {
    return switch (status) {
      case PENDING -> 0;
      case RUNNING -> 1;
      case INTERRUPTED -> 2;
      case COMPLETED, ERROR, CANCELLED -> 3;
    };
  }

  static boolean terminal(ToolStatus status) {
    return rank(status) == 3;
  }

  Future<ToolView> record(SqlConnection conn, ToolRecord r) {
    return sessions.idOf(conn, r.sessionUuid()).compose(sessionId -> conn.preparedQuery("SELECT "
            + Rows.TOOL_COLUMNS + " FROM tool_executions x JOIN sessions s ON s.id = x.session_id "
            + "WHERE x.session_id = ? AND x.tool_call_id = ?")
        .execute(Tuple.of(sessionId, r.toolCallId()))
        .compose(rows -> {
          Row row = Rows.firstOrNull(rows);
          return row == null ? insert(conn, sessionId, r) : advance(conn, Rows.tool(row), r);
        }));
  }

  private Future<ToolView> insert(SqlConnection conn, long sessionId, ToolRecord r) {
    String now = time.now();
    String started = r.status() == ToolStatus.PENDING ? null : now;
    String completed = terminal(r.status()) ? now : null;
    return conn.preparedQuery("INSERT INTO tool_executions (session_id, tool_index, tool_name, status, started_at, "
            + "completed_at, parameters, result, error_message, run_id, tool_call_id) VALUES (?, "
            + "(SELECT COALESCE(MAX(tool_index), -1) + 1 FROM tool_executions WHERE session_id = ?), "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(sessionId, sessionId, r.toolName() == null ? "unknown" : r.toolName(),
            Rows.wire(r.status()), started, completed, Rows.text(r.parameters()), r.result())
            .addValue(r.errorMessage()).addValue(r.runId()).addValue(r.toolCallId()))
        .compose(v -> byCall(conn, sessionId, r.toolCallId()));
  }

  private Future<ToolView> advance(SqlConnection conn, ToolView current, ToolRecord r) {
    boolean forward = rank(r.status()) > rank(current.status())
        || (r.status() == current.status() && !terminal(current.status()));
    if (!forward) {
      return Future.succeededFuture(current);
    }
    String now = time.now();
    return conn.preparedQuery("UPDATE tool_executions SET status = ?, "
            + "tool_name = CASE WHEN ? IS NOT NULL THEN ? ELSE tool_name END, "
            + "started_at = COALESCE(started_at, ?), completed_at = COALESCE(completed_at, ?), "
            + "parameters = COALESCE(?, parameters), result = COALESCE(?, result), "
            + "error_message = COALESCE(?, error_message), run_id = COALESCE(?, run_id) WHERE id = ?")
        .execute(Tuple.of(Rows.wire(r.status()), r.toolName(), r.toolName(),
                r.status() == ToolStatus.PENDING ? null : now, terminal(r.status()) ? now : null,
                Rows.text(r.parameters()), r.result(), r.errorMessage())
            .addValue(r.runId()).addValue(current.toolId()))
        .compose(v -> conn.preparedQuery("SELECT " + Rows.TOOL_COLUMNS + " FROM tool_executions x "
            + "JOIN sessions s ON s.id = x.session_id WHERE x.id = ?").execute(Tuple.of(current.toolId())))
        .map(rows -> Rows.tool(Rows.firstOrNull(rows)));
  }

  private Future<ToolView> byCall(SqlClient client, long sessionId, String toolCallId) {
    return client.preparedQuery("SELECT " + Rows.TOOL_COLUMNS + " FROM tool_executions x "
            + "JOIN sessions s ON s.id = x.session_id WHERE x.session_id = ? AND x.tool_call_id = ?")
        .execute(Tuple.of(sessionId, toolCallId))
        .map(rows -> Rows.tool(Rows.firstOrNull(rows)));
  }

  Future<List<ToolView>> list(String sessionUuid, List<ToolStatus> statuses) {
    return sessions.idOf(db.readers(), sessionUuid).compose(id -> query(db.readers(), id, statuses));
  }

  /** Moves the session's tools in {@code from} to {@code to}; returns the changed ones as they are now. */
  Future<List<ToolView>> transition(SqlConnection conn, String sessionUuid, List<ToolStatus> from, ToolStatus to,
      String errorMessage) {
    if (from.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return sessions.idOf(conn, sessionUuid).compose(id -> query(conn, id, from).compose(targets -> {
      if (targets.isEmpty()) {
        return Future.succeededFuture(targets);
      }
      String marks = String.join(", ", Collections.nCopies(targets.size(), "?"));
      Tuple args = Tuple.of(Rows.wire(to), terminal(to) ? time.now() : null, errorMessage);
      targets.forEach(t -> args.addLong(t.toolId()));
      return conn.preparedQuery("UPDATE tool_executions SET status = ?, completed_at = COALESCE(completed_at, ?), "
              + "error_message = COALESCE(?, error_message) WHERE id IN (" + marks + ")")
          .execute(args)
          .compose(v -> query(conn, id, List.of(to)))
          .map(now -> {
            List<Long> changed = targets.stream().map(ToolView::toolId).toList();
            return now.stream().filter(t -> changed.contains(t.toolId())).collect(Collectors.toList());
          });
    }));
  }

  private Future<List<ToolView>> query(SqlClient client, long sessionId, List<ToolStatus> statuses) {
    StringBuilder sql = new StringBuilder("SELECT " + Rows.TOOL_COLUMNS + " FROM tool_executions x "
        + "JOIN sessions s ON s.id = x.session_id WHERE x.session_id = ?");
    Tuple args = Tuple.of(sessionId);
    if (statuses != null && !statuses.isEmpty()) {
      sql.append(" AND x.status IN (").append(String.join(", ", Collections.nCopies(statuses.size(), "?")))
          .append(")");
      statuses.forEach(s -> args.addString(Rows.wire(s)));
    }
    sql.append(" ORDER BY x.tool_index");
    return client.preparedQuery(sql.toString()).execute(args).map(rows -> Rows.all(rows, Rows::tool));
  }
}
