package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.StoreMessages.SearchHit;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnSearch;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class MigrationTest {

  @TempDir
  Path dir;

  /** The reference design's schema exactly, as a Python-era bridge left it, with a version table at 1. */
  private static final String[] V1 = {
      "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, description TEXT NOT NULL)",
      "INSERT INTO schema_version VALUES (1, '2026-02-24T00:00:00', 'initial')",
      "CREATE TABLE sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, session_uuid TEXT UNIQUE NOT NULL, created_at TEXT "
          + "NOT NULL, last_activity TEXT NOT NULL, state TEXT NOT NULL, context_window TEXT, metadata TEXT)",
      "CREATE TABLE conversation_turns (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER NOT NULL, turn_index "
          + "INTEGER NOT NULL, timestamp TEXT NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL, message_type TEXT, "
          + "speakability TEXT, tool_calls TEXT)",
      "CREATE TABLE tool_executions (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER NOT NULL, tool_index "
          + "INTEGER NOT NULL, tool_name TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT, completed_at TEXT, "
          + "parameters TEXT, result TEXT, error_message TEXT)",
      "INSERT INTO sessions VALUES (1, '11111111-2222-3333-4444-555555555555', '2026-02-24T09:00:00', "
          + "'2026-02-24T09:05:00', 'active', '{\"messages\":[]}', '{\"voice\": true}')",
      // gaps and a duplicate index, as an unsynchronised old writer could leave them
      "INSERT INTO conversation_turns VALUES (1, 1, 0, '2026-02-24T09:00:00', 'user', 'Hello café', 'final', 'speak', "
          + "NULL)",
      "INSERT INTO conversation_turns VALUES (2, 1, 3, '2026-02-24T09:00:05', 'assistant', 'Hi! How can I help?', "
          + "'final', 'speak', 'not json')",
      "INSERT INTO conversation_turns VALUES (3, 1, 3, '2026-02-24T09:01:00', 'user', 'Weather please', 'final', "
          + "'speak', NULL)",
      "INSERT INTO tool_executions VALUES (1, 1, 0, 'weather', 'running', '2026-02-24T09:01:01', NULL, "
          + "'{\"city\":\"Paris\"}', NULL, NULL)"};

  private void writeV1(Path db) throws Exception {
    try (Connection c = TestStore.jdbc(db); Statement st = c.createStatement()) {
      for (String sql : V1) {
        st.execute(sql);
      }
    }
  }

  private static List<String> names(Path db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = TestStore.jdbc(db); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void emptyFileGetsTheWholeSchemaPrivately(Vertx vertx) throws Exception {
    Path db = dir.resolve("new").resolve("deeper").resolve("sessions.db");
    TestStore.start(vertx, db).stop();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent())));
    assertEquals(List.of("1", "2", "3", "4"), names(db, "SELECT version FROM schema_version ORDER BY version"));
    List<String> tables = names(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    assertTrue(tables.containsAll(List.of("sessions", "conversation_turns", "tool_executions", "schema_version",
        "turns_fts")), tables.toString());
    List<String> indexes = names(db, "SELECT name FROM sqlite_master WHERE type = 'index'");
    assertTrue(indexes.containsAll(List.of("sqlite_autoindex_sessions_1", "idx_sessions_state",
        "idx_sessions_last_activity", "ux_turns_session_index", "idx_turns_timestamp", "idx_tools_status")),
        indexes.toString());
    assertEquals("wal", TestStore.text(db, "PRAGMA journal_mode"));
    // the reference columns exist with their names and types
    List<String> turnColumns = names(db, "SELECT name || ' ' || type FROM pragma_table_info('conversation_turns')");
    assertTrue(turnColumns.containsAll(List.of("id INTEGER", "session_id INTEGER", "turn_index INTEGER",
        "timestamp TEXT", "role TEXT", "content TEXT", "message_type TEXT", "speakability TEXT", "tool_calls TEXT")));
    assertEquals(List.of("conversation_turns", "sessions"),
        names(db, "SELECT \"table\" FROM pragma_foreign_key_list('conversation_turns') ORDER BY 1"),
        "a turn belongs to its session; a reply names the turn it answers");
    assertEquals(List.of("CASCADE"), names(db, "SELECT on_delete FROM pragma_foreign_key_list('tool_executions')"));
  }

  @Test
  void v1FileIsUpgradedInPlaceKeepingEveryRow(Vertx vertx) throws Exception {
    Path db = dir.resolve("v1.db");
    writeV1(db);
    TestStore ts = TestStore.start(vertx, db);
    String uuid = "11111111-2222-3333-4444-555555555555";
    List<TurnView> turns = Await.result(ts.client.turns(new TurnQuery(uuid, null, null, null, null, null, false)))
        .turns();
    assertEquals(List.of(0, 1, 2), turns.stream().map(TurnView::turnIndex).toList(), "made dense, order kept");
    assertEquals(List.of("Hello café", "Hi! How can I help?", "Weather please"),
        turns.stream().map(TurnView::content).toList());
    assertEquals("not json", turns.get(1).toolCalls().getString(0), "legacy non-JSON text kept, wrapped");
    List<SearchHit> hits = Await.result(ts.client.search(new TurnSearch("cafe", null, null, null, null))).hits();
    assertEquals(1, hits.size(), "old turns are indexed for search");
    List<ToolView> tools = Await.result(ts.client.tools(new ToolQuery(uuid, null))).tools();
    assertEquals("Paris", tools.get(0).parameters().getString("city"));
    assertEquals(true, Await.result(ts.client.session(uuid)).metadata().getBoolean("voice"));
    ts.stop();
    assertEquals(List.of("1", "2", "3", "4"), names(db, "SELECT version FROM schema_version ORDER BY version"));
    assertEquals("ok", TestStore.text(db, "PRAGMA integrity_check"));
  }

  @Test
  void referenceSchemaWithoutVersionTableIsTakenAsV1(Vertx vertx) throws Exception {
    Path db = dir.resolve("legacy.db");
    try (Connection c = TestStore.jdbc(db); Statement st = c.createStatement()) {
      for (int i = 2; i < V1.length; i++) {
        st.execute(V1[i]);
      }
    }
    TestStore.start(vertx, db).stop();
    assertEquals(List.of("1", "2", "3", "4"), names(db, "SELECT version FROM schema_version ORDER BY version"));
    assertEquals(3, TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns"));
  }

  @Test
  void reopeningIsANoOpAndANewerSchemaIsRefused(Vertx vertx) throws Exception {
    Path db = dir.resolve("s.db");
    TestStore.start(vertx, db).stop();
    TestStore.start(vertx, db).stop();
    assertEquals(4, TestStore.count(db, "SELECT COUNT(*) FROM schema_version"));
    try (Connection c = TestStore.jdbc(db); Statement st = c.createStatement()) {
      st.execute("INSERT INTO schema_version VALUES (99, 'x', 'from the future')");
    }
    Throwable e = Await.failure(vertx.deployVerticle(new PersistenceVerticle(TestStore.settings(db))));
    assertTrue(e.getMessage().contains("schema version 99") && e.getMessage().contains("newer voice-bridge"),
        e.getMessage());
  }
}
