package dev.voicebridge.store;

import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.Speakability;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.bus.ToolStatus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps result rows to the bus views. JSON columns written by older software may hold text that is not
 * JSON; it is kept, wrapped, rather than failing the whole query.
 */
final class Rows {

  static final String SESSION_COLUMNS = sessionColumns("s");

  /**
   * The columns {@link #session(Row)} reads, qualified by {@code table} (an alias, or "sessions" in a
   * RETURNING clause, which does not know aliases).
   */
  static String sessionColumns(String table) {
    String t = table + ".";
    return t + "id, " + t + "session_uuid, " + t + "session_key, " + t + "created_at, " + t + "last_activity, "
        + t + "state, " + t + "metadata, " + t + "context_window, "
        // turn_index is dense from 0, so the count is the highest index + 1: one index probe, not a scan
        + "(SELECT COALESCE(MAX(c.turn_index), -1) + 1 FROM conversation_turns c WHERE c.session_id = " + t + "id) "
        + "AS turn_count";
  }

  static final String TURN_COLUMNS = "t.id, s.session_uuid, t.turn_index, t.timestamp, t.role, t.content, "
      + "t.message_type, t.speakability, t.tool_calls, t.run_id, t.idempotency_key, t.delivery";

  static final String TOOL_COLUMNS = "x.id, s.session_uuid, x.tool_index, x.tool_name, x.status, x.started_at, "
      + "x.completed_at, x.parameters, x.result, x.error_message, x.run_id, x.tool_call_id";

  private Rows() {
  }

  static SessionView session(Row r) {
    return new SessionView(
        r.getString("session_uuid"),
        r.getString("session_key"),
        r.getString("created_at"),
        r.getString("last_activity"),
        lenientEnum(r.getString("state"), SessionState.class, SessionState.ERROR),
        object(r.getString("metadata")),
        objectOrNull(r.getString("context_window")),
        r.getValue("turn_count") == null ? null : ((Number) r.getValue("turn_count")).intValue());
  }

  static TurnView turn(Row r) {
    return new TurnView(
        ((Number) r.getValue("id")).longValue(),
        r.getString("session_uuid"),
        ((Number) r.getValue("turn_index")).intValue(),
        r.getString("timestamp"),
        lenientEnum(r.getString("role"), Role.class, Role.SYSTEM),
        r.getString("content"),
        lenientEnum(r.getString("message_type"), MessageType.class, null),
        lenientEnum(r.getString("speakability"), Speakability.class, null),
        arrayOrNull(r.getString("tool_calls")),
        r.getString("run_id"),
        r.getString("idempotency_key"),
        lenientEnum(r.getString("delivery"), Delivery.class, null));
  }

  static ToolView tool(Row r) {
    return new ToolView(
        ((Number) r.getValue("id")).longValue(),
        r.getString("session_uuid"),
        ((Number) r.getValue("tool_index")).intValue(),
        r.getString("tool_name"),
        lenientEnum(r.getString("status"), ToolStatus.class, ToolStatus.ERROR),
        r.getString("started_at"),
        r.getString("completed_at"),
        objectOrNull(r.getString("parameters")),
        r.getString("result"),
        r.getString("error_message"),
        r.getString("run_id"),
        r.getString("tool_call_id"));
  }

  static <T> List<T> all(RowSet<Row> rows, java.util.function.Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(mapper.apply(r));
    }
    return out;
  }

  static Row firstOrNull(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? it.next() : null;
  }

  static String text(JsonObject json) {
    return json == null ? null : json.encode();
  }

  static String text(JsonArray json) {
    return json == null ? null : json.encode();
  }

  static String wire(Enum<?> e) {
    return e == null ? null : e.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonObject object(String text) {
    JsonObject o = objectOrNull(text);
    return o == null ? new JsonObject() : o;
  }

  private static JsonObject objectOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Object v = io.vertx.core.json.Json.decodeValue(text);
      return v instanceof JsonObject o ? o : new JsonObject().put("value", v);
    } catch (DecodeException e) {
      return new JsonObject().put("raw", text);
    }
  }

  private static JsonArray arrayOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      Object v = io.vertx.core.json.Json.decodeValue(text);
      return v instanceof JsonArray a ? a : new JsonArray().add(v);
    } catch (DecodeException e) {
      return new JsonArray().add(text);
    }
  }

  /** Reads an enum column; an unknown word (legacy data) maps to the fallback instead of failing. */
  private static <E extends Enum<E>> E lenientEnum(String value, Class<E> type, E fallback) {
    if (value == null) {
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    return fallback;
  }
}
