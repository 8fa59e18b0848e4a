package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionActive;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionUpdate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Sessions through the event bus and the persistence verticle, on a real SQLite file. */
@ExtendWith(VertxExtension.class)
class SessionStoreTest {

  @TempDir
  Path dir;
  StoreClient store;

  @BeforeEach
  void start(Vertx vertx) {
    store = TestStore.start(vertx, dir.resolve("data").resolve("sessions.db")).client;
  }

  private SessionView create(String key) {
    return Await.result(store.createSession(new SessionCreate(key, new JsonObject().put("voice", true))));
  }

  @Test
  void createAndGet() {
    SessionView s = create("main");
    assertEquals(SessionState.ACTIVE, s.state());
    assertEquals("main", s.sessionKey());
    assertEquals(36, s.sessionUuid().length());
    assertEquals(s.createdAt(), s.lastActivity());
    assertEquals(0, s.turnCount());
    SessionView again = Await.result(store.session(s.sessionUuid()));
    assertEquals(s, again);
    assertEquals(true, again.metadata().getBoolean("voice"));
  }

  @Test
  void aUniquePrefixFindsTheSession_anAmbiguousOneIsRefused() {
    SessionView s = create("main");
    assertEquals(s.sessionUuid(), Await.result(store.session(s.sessionUuid().substring(0, 8))).sessionUuid());
    StoreException unknown = (StoreException) Await.failure(store.session("00000000-0000-0000-0000-000000000000"));
    assertEquals(404, unknown.code());
    assertTrue(unknown.getMessage().contains("sessions list"), unknown.getMessage());
    assertEquals(404, ((StoreException) Await.failure(store.session("not a uuid; DROP TABLE sessions"))).code());
    for (int i = 0; i < 40; i++) {
      create("k" + i);
    }
    // with 41 sessions, some single hex digit is shared by several, so a 4-character prefix may or may not be
    // unique; a 1-character prefix is rejected as too short to be a prefix at all
    assertEquals(404, ((StoreException) Await.failure(store.session("a"))).code());
  }

  @Test
  void activeIsGetOrCreatePerKey() {
    SessionView first = Await.result(store.activeSession(new SessionActive("main", null)));
    SessionView same = Await.result(store.activeSession(new SessionActive("main", null)));
    SessionView other = Await.result(store.activeSession(new SessionActive("kitchen", null)));
    assertEquals(first.sessionUuid(), same.sessionUuid());
    assertNotEquals(first.sessionUuid(), other.sessionUuid());
    Await.result(store.closeSession(new SessionClose(first.sessionUuid(), "done", false)));
    SessionView fresh = Await.result(store.activeSession(new SessionActive("main", null)));
    assertNotEquals(first.sessionUuid(), fresh.sessionUuid());
  }

  @Test
  void updateMergesMetadataAndStoresTheContextWindow() {
    SessionView s = create("main");
    JsonObject window = new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("role", "user")
        .put("content", "hi")));
    SessionView u = Await.result(store.updateSession(new SessionUpdate(s.sessionUuid(), null,
        new JsonObject().put("room", "kitchen"), window, true)));
    assertEquals(true, u.metadata().getBoolean("voice"), "existing metadata kept");
    assertEquals("kitchen", u.metadata().getString("room"));
    assertEquals(window, u.contextWindow());
    assertTrue(u.lastActivity().compareTo(s.lastActivity()) >= 0);
    SessionView untouched = Await.result(store.updateSession(new SessionUpdate(s.sessionUuid(), null, null, null,
        false)));
    assertEquals(window, untouched.contextWindow(), "null fields leave values alone");
  }

  @Test
  void closeRecordsTheReasonAndIsIdempotent() {
    SessionView s = create("main");
    SessionView closed = Await.result(store.closeSession(new SessionClose(s.sessionUuid(), "user said bye", false)));
    assertEquals(SessionState.CLOSED, closed.state());
    assertEquals("user said bye", closed.metadata().getString("closedReason"));
    SessionView again = Await.result(store.closeSession(new SessionClose(s.sessionUuid(), "other", true)));
    assertEquals(SessionState.CLOSED, again.state());
    assertEquals("user said bye", again.metadata().getString("closedReason"));
    SessionView e = create("x");
    assertEquals(SessionState.ERROR,
        Await.result(store.closeSession(new SessionClose(e.sessionUuid(), "crashed", true))).state());
  }

  @Test
  void listFiltersByStateNewestFirst() throws Exception {
    SessionView a = create("a");
    Thread.sleep(5);
    SessionView b = create("b");
    Thread.sleep(5);
    SessionView c = create("c");
    Await.result(store.closeSession(new SessionClose(b.sessionUuid(), "x", false)));
    List<SessionView> all = Await.result(store.listSessions(new SessionQuery(null, null, null))).sessions();
    assertEquals(List.of(c.sessionUuid(), b.sessionUuid(), a.sessionUuid()),
        all.stream().map(SessionView::sessionUuid).toList());
    List<SessionView> active = Await.result(store.listSessions(new SessionQuery(SessionState.ACTIVE, null, null)))
        .sessions();
    assertEquals(List.of(c.sessionUuid(), a.sessionUuid()), active.stream().map(SessionView::sessionUuid).toList());
    assertEquals(1, Await.result(store.listSessions(new SessionQuery(null, null, 1))).sessions().size());
  }
}
