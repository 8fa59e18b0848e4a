package dev.voicebridge.session;

import dev.voicebridge.bus.StoreMessages.SearchHit;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnSearch;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.StoreException;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversation history: adding turns, querying them (by session, time range, index, most recent),
 * full-text search, statistics, and export as JSON (the reference design's shape, extended) or CSV (the
 * reference columns, RFC 4180).
 */
public final class HistoryManager {

  /** The CSV columns, as in the reference design. */
  public static final List<String> CSV_COLUMNS =
      List.of("turn_index", "timestamp", "role", "content", "message_type", "speakability");

  private final StoreClient store;

  public HistoryManager(StoreClient store) {
    this.store = store;
  }

  public Future<TurnView> addTurn(TurnAppend turn) {
    return store.appendTurn(turn);
  }

  public Future<List<TurnView>> turns(String sessionUuid) {
    return query(new TurnQuery(sessionUuid, null, null, null, null, null, false));
  }

  public Future<List<TurnView>> turnsBetween(String sessionUuid, String since, String until) {
    return query(new TurnQuery(sessionUuid, null, null, since, until, null, false));
  }

  public Future<List<TurnView>> turnRange(String sessionUuid, int fromIndex, int toIndex) {
    return query(new TurnQuery(sessionUuid, fromIndex, toIndex, null, null, null, false));
  }

  public Future<TurnView> turn(String sessionUuid, int index) {
    return turnRange(sessionUuid, index, index).compose(list -> list.isEmpty()
        ? Future.failedFuture(StoreException.notFound("session " + sessionUuid + " has no turn " + index))
        : Future.succeededFuture(list.get(0)));
  }

  public Future<List<TurnView>> recent(String sessionUuid, int count) {
    return query(new TurnQuery(sessionUuid, null, null, null, null, count, true));
  }

  public Future<List<SearchHit>> search(String text, String since, String until, Integer limit) {
    return store.search(new TurnSearch(text, null, since, until, limit)).map(r -> r.hits());
  }

  public Future<StoreStats> stats() {
    return store.stats();
  }

  private Future<List<TurnView>> query(TurnQuery q) {
    return store.turns(q).map(r -> r.turns());
  }

  // ---- export

  /**
   * One session as JSON: the reference shape ({@code session_uuid, created_at, state, turns:[{role,
   * content, timestamp}]}) plus the other stored fields of the session, its turns and its tool executions.
   */
  public Future<JsonObject> exportJson(String sessionUuid) {
    return store.session(sessionUuid).compose(this::exportJson);
  }

  private Future<JsonObject> exportJson(SessionView s) {
    Future<List<TurnView>> turns = turns(s.sessionUuid());
    Future<List<ToolView>> tools = store.tools(new ToolQuery(s.sessionUuid(), null)).map(r -> r.tools());
    return Future.all(turns, tools).map(v -> {
      JsonArray turnArray = new JsonArray();
      turns.result().forEach(t -> turnArray.add(turnJson(t)));
      JsonArray toolArray = new JsonArray();
      tools.result().forEach(t -> toolArray.add(toolJson(t)));
      JsonObject out = new JsonObject()
          .put("session_uuid", s.sessionUuid())
          .put("session_key", s.sessionKey())
          .put("created_at", s.createdAt())
          .put("last_activity", s.lastActivity())
          .put("state", s.state().wire())
          .put("metadata", s.metadata())
          .put("turns", turnArray)
          .put("tool_executions", toolArray);
      if (s.contextWindow() != null) {
        out.put("context_window", s.contextWindow());
      }
      return out;
    });
  }

  /** Every session, oldest activity first, each as {@link #exportJson(String)} gives it. */
  public Future<JsonObject> exportAllJson(Timestamps time) {
    return store.listSessions(new SessionQuery(null, null, Integer.MAX_VALUE)).compose(list -> {
      List<SessionView> sessions = new ArrayList<>(list.sessions());
      java.util.Collections.reverse(sessions);
      Future<List<JsonObject>> chain = Future.succeededFuture(new ArrayList<>());
      for (SessionView s : sessions) {
        chain = chain.compose(acc -> exportJson(s).map(json -> {
          acc.add(json);
          return acc;
        }));
      }
      return chain.map(all -> new JsonObject()
          .put("exported_at", time.now())
          .put("session_count", all.size())
          .put("sessions", new JsonArray(new ArrayList<>(all))));
    });
  }

  /** One session's turns as CSV with the reference columns and a header record. */
  public Future<String> exportCsv(String sessionUuid) {
    return store.session(sessionUuid).compose(s -> turns(s.sessionUuid())).map(turns -> {
      StringBuilder sb = new StringBuilder(Csv.record(CSV_COLUMNS));
      for (TurnView t : turns) {
        sb.append(Csv.record(List.of(
            Integer.toString(t.turnIndex()),
            t.timestamp(),
            t.role().wire(),
            t.content(),
            t.messageType() == null ? "" : t.messageType().wire(),
            t.speakability() == null ? "" : t.speakability().wire())));
      }
      return sb.toString();
    });
  }

  private static JsonObject turnJson(TurnView t) {
    JsonObject o = new JsonObject()
        .put("turn_index", t.turnIndex())
        .put("role", t.role().wire())
        .put("content", t.content())
        .put("timestamp", t.timestamp());
    if (t.messageType() != null) {
      o.put("message_type", t.messageType().wire());
    }
    if (t.speakability() != null) {
      o.put("speakability", t.speakability().wire());
    }
    if (t.toolCalls() != null) {
      o.put("tool_calls", t.toolCalls());
    }
    if (t.runId() != null) {
      o.put("run_id", t.runId());
    }
    return o;
  }

  private static JsonObject toolJson(ToolView t) {
    JsonObject o = new JsonObject()
        .put("tool_index", t.toolIndex())
        .put("tool_name", t.toolName())
        .put("status", t.status().wire())
        .put("started_at", t.startedAt())
        .put("completed_at", t.completedAt())
        .put("parameters", t.parameters())
        .put("result", t.result())
        .put("error_message", t.errorMessage());
    if (t.toolCallId() != null) {
      o.put("tool_call_id", t.toolCallId());
    }
    return o;
  }
}
