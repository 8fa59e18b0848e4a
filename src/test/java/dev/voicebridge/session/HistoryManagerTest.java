package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.Speakability;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.Timestamps;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.MutableClock;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class HistoryManagerTest {

  static final List<String> HOSTILE = List.of(
      "plain",
      "comma, inside",
      "\"quoted\" and \"\"doubled\"\"",
      "line one\nline two\r\nline three\r",
      "unicode: café, naïve, 日本語, emoji 🙂👍, RTL שלום",
      ",leading comma and trailing,",
      "x".repeat(100 * 1024) + ",\"\n",
      "");

  @TempDir
  Path dir;
  StoreClient store;
  HistoryManager history;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
  SessionView session;

  @BeforeEach
  void start(Vertx vertx) {
    store = TestStore.start(vertx, TestStore.settings(dir.resolve("s.db")), new Timestamps(clock)).client;
    history = new HistoryManager(store);
    session = Await.result(store.createSession(new SessionCreate("main", new JsonObject().put("voice", true))));
  }

  private TurnView add(Role role, String content) {
    clock.advance(Duration.ofSeconds(1));
    return Await.result(history.addTurn(new TurnAppend(session.sessionUuid(), role, content, MessageType.FINAL,
        Speakability.SPEAK, null, null, null, null, null)));
  }

  @Test
  void csvExportRoundTripsHostileContent() {
    for (int i = 0; i < HOSTILE.size(); i++) {
      add(i % 2 == 0 ? Role.USER : Role.ASSISTANT, HOSTILE.get(i));
    }
    String csv = Await.result(history.exportCsv(session.sessionUuid()));
    List<List<String>> records = Csv.parse(csv);
    assertEquals(HistoryManager.CSV_COLUMNS, records.get(0));
    assertEquals(HOSTILE.size() + 1, records.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      List<String> r = records.get(i + 1);
      assertEquals(String.valueOf(i), r.get(0));
      assertEquals(HOSTILE.get(i), r.get(3), "content of turn " + i);
      assertEquals(i % 2 == 0 ? "user" : "assistant", r.get(2));
      assertEquals("final", r.get(4));
      assertEquals("speak", r.get(5));
      assertEquals(6, r.size());
    }
    assertTrue(csv.startsWith("turn_index,timestamp,role,content,message_type,speakability\r\n"));
  }

  @Test
  void jsonExportHasTheReferenceShapeAndRoundTrips() {
    for (String s : HOSTILE) {
      add(Role.USER, s);
    }
    Await.result(store.recordTool(new ToolRecord(session.sessionUuid(), "run-1", "call-1", "ls", ToolStatus.COMPLETED,
        new JsonObject().put("path", "/"), "bin\netc", null)));
    JsonObject json = new JsonObject(Await.result(history.exportJson(session.sessionUuid())).encode());
    assertEquals(session.sessionUuid(), json.getString("session_uuid"));
    assertEquals(session.createdAt(), json.getString("created_at"));
    assertEquals("active", json.getString("state"));
    JsonArray turns = json.getJsonArray("turns");
    assertEquals(HOSTILE.size(), turns.size());
    for (int i = 0; i < HOSTILE.size(); i++) {
      JsonObject t = turns.getJsonObject(i);
      assertEquals("user", t.getString("role"));
      assertEquals(HOSTILE.get(i), t.getString("content"));
      assertTrue(t.getString("timestamp").startsWith("2026-11-24T09:00:"));
    }
    assertEquals("ls", json.getJsonArray("tool_executions").getJsonObject(0).getString("tool_name"));
    assertEquals(true, json.getJsonObject("metadata").getBoolean("voice"));
  }

  @Test
  void exportAllHoldsEverySessionOldestFirst() {
    add(Role.USER, "first session");
    SessionView second = Await.result(store.createSession(new SessionCreate("other", null)));
    JsonObject all = Await.result(history.exportAllJson(new Timestamps(clock)));
    assertEquals(2, all.getInteger("session_count"));
    JsonArray sessions = all.getJsonArray("sessions");
    assertEquals(session.sessionUuid(), sessions.getJsonObject(0).getString("session_uuid"));
    assertEquals(second.sessionUuid(), sessions.getJsonObject(1).getString("session_uuid"));
  }

  @Test
  void queriesByIndexTimeAndRecency() {
    for (int i = 0; i < 6; i++) {
      add(Role.USER, "message " + i);
    }
    assertEquals("message 3", Await.result(history.turn(session.sessionUuid(), 3)).content());
    assertEquals(List.of(4, 5), Await.result(history.recent(session.sessionUuid(), 2)).stream()
        .map(TurnView::turnIndex).toList());
    assertEquals(List.of(1, 2), Await.result(history.turnsBetween(session.sessionUuid(), "2026-11-24T09:00:02Z",
        "2026-11-24T09:00:03Z")).stream().map(TurnView::turnIndex).toList());
    assertEquals(6, Await.result(history.search("message", null, null, 100)).size());
    assertEquals(6, Await.result(history.stats()).turns());
  }

  @Test
  void csvParserHandlesLfAndRejectsAnUnterminatedQuote() {
    assertEquals(List.of(List.of("a", "b"), List.of("c", "d,e")), Csv.parse("a,b\nc,\"d,e\"\n"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,\"b"));
  }
}
