package dev.voicebridge.store;

import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SearchHit;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnSearch;
import dev.voicebridge.bus.StoreMessages.TurnUpdate;
import dev.voicebridge.bus.StoreMessages.TurnView;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code conversation_turns} table. Appends come in batches (see {@link WriteQueue}): one lookup of
 * the sessions involved, one JDBC batch insert with the indexes assigned here, one read-back — four round
 * trips to the worker pool whatever the batch size. Correctness does not depend on this process being the
 * only writer: the batch runs in an IMMEDIATE transaction (the write lock is held from the lookup to the
 * commit) and {@code (session_id, turn_index)} is UNIQUE.
 */
final class TurnRepository {

  private static final String INSERT = "INSERT INTO conversation_turns (session_id, turn_index, timestamp, role, "
      + "content, message_type, speakability, tool_calls, run_id, idempotency_key, delivery, answers_turn_id) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Database db;
  private final Timestamps time;

  TurnRepository(Database db, Timestamps time) {
    this.db = db;
    this.time = time;
  }

  /** What the lookup step learns about one session of the batch. */
  private record SessionSlot(long id, SessionState state, int maxIndex) {
  }

  /** Appends in order; one outcome per item, in the same order. Must run inside a write transaction. */
  Future<List<Outcome<TurnView>>> appendAll(SqlConnection conn, List<TurnAppend> items) {
    List<String> uuids = new ArrayList<>(items.stream().map(TurnAppend::sessionUuid)
        .collect(Collectors.toCollection(LinkedHashSet::new)));
    String marks = String.join(", ", Collections.nCopies(uuids.size(), "?"));
    String lookup = "SELECT s.id, s.session_uuid, s.state, "
        + "COALESCE((SELECT MAX(turn_index) FROM conversation_turns c WHERE c.session_id = s.id), -1) AS max_index, "
        + "(SELECT COALESCE(MAX(id), 0) FROM conversation_turns) AS max_id "
        + "FROM sessions s WHERE s.session_uuid IN (" + marks + ")";
    return conn.preparedQuery(lookup).execute(Tuple.wrap(new ArrayList<Object>(uuids))).compose(rows -> {
      Map<String, SessionSlot> slots = new HashMap<>();
      long maxId = 0;
      for (Row r : rows) {
        slots.put(r.getString("session_uuid"), new SessionSlot(r.getLong("id"),
            SessionState.of(r.getString("state")), r.getInteger("max_index")));
        maxId = r.getLong("max_id");
      }
      long idsAbove = maxId;
      return existingByIdempotencyKey(conn, items, slots)
          .compose(existing -> insertNew(conn, items, slots, existing, idsAbove));
    });
  }

  private Future<Map<String, TurnView>> existingByIdempotencyKey(SqlConnection conn, List<TurnAppend> items,
      Map<String, SessionSlot> slots) {
    List<Object> args = new ArrayList<>();
    Set<Long> ids = new LinkedHashSet<>();
    Set<String> keys = new LinkedHashSet<>();
    for (TurnAppend a : items) {
      SessionSlot slot = slots.get(a.sessionUuid());
      if (a.idempotencyKey() != null && slot != null) {
        ids.add(slot.id());
        keys.add(a.idempotencyKey());
      }
    }
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    args.addAll(ids);
    args.addAll(keys);
    String sql = "SELECT " + Rows.TURN_COLUMNS + " FROM conversation_turns t JOIN sessions s ON s.id = t.session_id "
        + "WHERE t.session_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ") "
        + "AND t.idempotency_key IN (" + String.join(", ", Collections.nCopies(keys.size(), "?")) + ")";
    return conn.preparedQuery(sql).execute(Tuple.wrap(args)).map(rows -> {
      Map<String, TurnView> found = new HashMap<>();
      for (Row r : rows) {
        TurnView v = Rows.turn(r);
        found.put(dedupKey(v.sessionUuid(), v.idempotencyKey(), Rows.wire(v.role())), v);
      }
      return found;
    });
  }

  private Future<List<Outcome<TurnView>>> insertNew(SqlConnection conn, List<TurnAppend> items,
      Map<String, SessionSlot> slots, Map<String, TurnView> existing, long idsAbove) {
    String now = time.now();
    Map<Long, Integer> nextIndex = new HashMap<>();
    slots.values().forEach(s -> nextIndex.put(s.id(), s.maxIndex() + 1));

    // Per item: a final outcome now (failure or earlier duplicate), or the position of its new row.
    List<Outcome<TurnView>> decided = new ArrayList<>(Collections.nCopies(items.size(), null));
    int[] newRowOf = new int[items.size()];
    Map<String, Integer> firstInBatch = new HashMap<>();
    List<Tuple> inserts = new ArrayList<>();
    List<TurnAppend> inserted = new ArrayList<>();
    List<Integer> insertedIndex = new ArrayList<>();
    List<Tuple> answeredByRepeats = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      TurnAppend a = items.get(i);
      newRowOf[i] = -1;
      SessionSlot slot = slots.get(a.sessionUuid());
      if (slot == null) {
        decided.set(i, Outcome.failed(SessionRepository.unknown(a.sessionUuid())));
        continue;
      }
      if (slot.state() != SessionState.ACTIVE) {
        decided.set(i, Outcome.failed(new StoreException(StoreException.CONFLICT, "session " + a.sessionUuid()
            + " is " + Rows.wire(slot.state()) + "; turns can only be added to an active session")));
        continue;
      }
      String key = a.idempotencyKey() == null ? null : dedupKey(a.sessionUuid(), a.idempotencyKey(), Rows.wire(a.role()));
      if (key != null && existing.containsKey(key)) {
        decided.set(i, Outcome.ok(existing.get(key)));
        if (a.answersTurnId() != null) {
          answeredByRepeats.add(Tuple.of(a.answersTurnId(), slot.id())); // as the trigger did for the first: a repeat changes nothing else
        }
        continue;
      }
      if (key != null && firstInBatch.containsKey(key)) {
        newRowOf[i] = newRowOf[firstInBatch.get(key)];
        continue;
      }
      int index = nextIndex.merge(slot.id(), 1, Integer::sum) - 1;
      if (key != null) {
        firstInBatch.put(key, i);
      }
      newRowOf[i] = inserts.size();
      inserted.add(a);
      insertedIndex.add(index);
      inserts.add(Tuple.of(slot.id(), index, now, Rows.wire(a.role()), a.content(), Rows.wire(a.messageType()),
              Rows.wire(a.speakability()), Rows.text(a.toolCalls()), a.runId())
          .addValue(a.idempotencyKey()).addValue(Rows.wire(a.delivery())).addValue(a.answersTurnId()));
    }
    if (inserts.isEmpty()) {
      return markAnswered(conn, answeredByRepeats).map(decided);
    }
    // Only the new ids are read back (the rest is what was just written): reading whole rows through the
    // JDBC client cost as much as inserting them.
    return markAnswered(conn, answeredByRepeats)
        .compose(v -> conn.preparedQuery(INSERT).executeBatch(inserts))
        .compose(v -> conn.preparedQuery("SELECT id, turn_index FROM conversation_turns WHERE id > ? ORDER BY id")
            .execute(Tuple.of(idsAbove)))
        .compose(rows -> {
          List<TurnView> created = new ArrayList<>(inserted.size());
          int n = 0;
          for (Row r : rows) {
            if (n >= inserted.size() || r.getInteger("turn_index") != insertedIndex.get(n).intValue()) {
              break;
            }
            TurnAppend a = inserted.get(n++);
            created.add(stored(a, r, now));
          }
          if (created.size() != inserts.size() || rows.size() != inserts.size()) {
            return Future.failedFuture(new StoreException(StoreException.STORAGE, "inserted " + inserts.size()
                + " turns but read back " + rows.size() + " that do not match; the batch is rolled back"));
          }
          for (int i = 0; i < items.size(); i++) {
            if (decided.get(i) == null) {
              decided.set(i, Outcome.ok(created.get(newRowOf[i])));
            }
          }
          return Future.succeededFuture(decided);
        });
  }

  /** What trg_turns_answered does on insert, for replies that were stored already. */
  private static Future<Void> markAnswered(SqlConnection conn, List<Tuple> turnAndSession) {
    if (turnAndSession.isEmpty()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery("UPDATE conversation_turns SET delivery = '" + Rows.wire(Delivery.ANSWERED)
            + "' WHERE id = ? AND session_id = ?").executeBatch(turnAndSession).mapEmpty();
  }

  /** The turn as written: what was appended, with the id and index the database gave it. */
  private static TurnView stored(TurnAppend a, Row idAndIndex, String timestamp) {
    return new TurnView(idAndIndex.getLong("id"), a.sessionUuid(), idAndIndex.getInteger("turn_index"), timestamp,
        a.role(), a.content(), a.messageType(), a.speakability(), a.toolCalls(), a.runId(), a.idempotencyKey(),
        a.delivery());
  }

  private static String dedupKey(String uuid, String idempotencyKey, String role) {
    return uuid + '\u0000' + idempotencyKey + '\u0000' + role;
  }

  /**
   * The common case in one statement, atomic on its own (no explicit transaction, one round trip): the row
   * is inserted with the next index only if the session exists, is active, and has no turn with this
   * idempotency key and role. Empty when any of that does not hold — then {@link #appendAll} decides
   * what to answer (404, 409 or the stored turn).
   */
  Future<Optional<TurnView>> appendOne(SqlConnection conn, TurnAppend a) {
    String now = time.now();
    Tuple args = Tuple.of(now, Rows.wire(a.role()), a.content(), Rows.wire(a.messageType()),
            Rows.wire(a.speakability()), Rows.text(a.toolCalls()), a.runId(), a.idempotencyKey(),
            Rows.wire(a.delivery()), a.answersTurnId())
        .addString(a.sessionUuid())
        .addValue(a.idempotencyKey()).addValue(a.idempotencyKey()).addValue(Rows.wire(a.role()));
    return conn.preparedQuery(APPEND_ONE).execute(args).map(rows -> {
      Row r = Rows.firstOrNull(rows);
      if (r == null) {
        return Optional.empty();
      }
      return Optional.of(stored(a, r, now));
    });
  }

  private static final String APPEND_ONE = "INSERT INTO conversation_turns (session_id, turn_index, timestamp, role, "
      + "content, message_type, speakability, tool_calls, run_id, idempotency_key, delivery, answers_turn_id) "
      + "SELECT s.id, COALESCE((SELECT MAX(c.turn_index) FROM conversation_turns c WHERE c.session_id = s.id), -1) + 1, "
      + "?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM sessions s WHERE s.session_uuid = ? AND s.state = 'active' "
      + "AND (? IS NULL OR NOT EXISTS (SELECT 1 FROM conversation_turns d WHERE d.session_id = s.id "
      + "AND d.idempotency_key = ? AND d.role = ?)) RETURNING id, turn_index";

  /** One statement (atomic without a transaction): the updated turn, or 404. */
  Future<TurnView> update(SqlConnection conn, TurnUpdate u) {
    // An answered turn stays answered: a late "send it again" (recovery that read the history a moment before
    // the answer was stored) must not put it back in the outbox.
    return conn.preparedQuery("UPDATE conversation_turns SET delivery = CASE WHEN delivery = '"
            + Rows.wire(Delivery.ANSWERED) + "' THEN delivery ELSE COALESCE(?, delivery) END, "
            + "run_id = COALESCE(?, run_id) WHERE id = ? RETURNING id, "
            + "(SELECT session_uuid FROM sessions s WHERE s.id = session_id) AS session_uuid, turn_index, timestamp, "
            + "role, content, message_type, speakability, tool_calls, run_id, idempotency_key, delivery")
        .execute(Tuple.of(Rows.wire(u.delivery()), u.runId(), u.turnId()))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(StoreException.notFound("no turn with id " + u.turnId()))
            : Future.succeededFuture(Rows.turn(Rows.firstOrNull(rows))));
  }

  /** Turns of one session by index range, time range, or the most recent ones. */
  Future<List<TurnView>> list(long sessionId, TurnQuery q) {
    StringBuilder where = new StringBuilder(" WHERE t.session_id = ?");
    Tuple args = Tuple.of(sessionId);
    if (q.fromIndex() != null) {
      where.append(" AND t.turn_index >= ?");
      args.addInteger(q.fromIndex());
    }
    if (q.toIndex() != null) {
      where.append(" AND t.turn_index <= ?");
      args.addInteger(q.toIndex());
    }
    appendTimeRange(where, args, q.since(), q.until());
    int limit = q.limit() == null || q.limit() <= 0 ? -1 : q.limit();
    String base = "SELECT " + Rows.TURN_COLUMNS + " FROM conversation_turns t JOIN sessions s ON s.id = t.session_id"
        + where;
    String sql = q.recent()
        ? "SELECT * FROM (" + base + " ORDER BY t.turn_index DESC LIMIT ?) ORDER BY turn_index"
        : base + " ORDER BY t.turn_index LIMIT ?";
    args.addInteger(q.recent() && limit < 0 ? 10 : limit);
    return db.readers().preparedQuery(sql).execute(args).map(rows -> Rows.all(rows, Rows::turn));
  }

  /**
   * Full-text search with FTS5. Each word the user typed becomes a quoted prefix term, so punctuation and
   * FTS syntax in the text (quotes, AND, NEAR, *) are matched literally instead of being parsed.
   */
  Future<List<SearchHit>> search(TurnSearch q, Long sessionId) {
    String match = FtsQuery.of(q.text());
    StringBuilder sql = new StringBuilder("SELECT " + Rows.TURN_COLUMNS
        + ", snippet(turns_fts, 0, '[', ']', '…', 12) AS snippet FROM turns_fts "
        + "JOIN conversation_turns t ON t.id = turns_fts.rowid JOIN sessions s ON s.id = t.session_id "
        + "WHERE turns_fts MATCH ?");
    Tuple args = Tuple.of(match);
    if (sessionId != null) {
      sql.append(" AND t.session_id = ?");
      args.addLong(sessionId);
    }
    appendTimeRange(sql, args, q.since(), q.until());
    sql.append(" ORDER BY t.timestamp DESC, t.id DESC LIMIT ?");
    args.addInteger(q.limit() == null || q.limit() <= 0 ? 50 : q.limit());
    return db.readers().preparedQuery(sql.toString()).execute(args)
        .map(rows -> Rows.all(rows, r -> new SearchHit(Rows.turn(r), r.getString("snippet"))));
  }

  private static void appendTimeRange(StringBuilder where, Tuple args, String since, String until) {
    String from = Timestamps.normalise(since);
    String to = Timestamps.normalise(until);
    if (from != null) {
      where.append(" AND t.timestamp >= ?");
      args.addString(from);
    }
    if (to != null) {
      where.append(" AND t.timestamp <= ?");
      args.addString(to);
    }
  }
}
