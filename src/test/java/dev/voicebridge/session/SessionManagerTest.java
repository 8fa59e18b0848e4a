package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.Speakability;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.StoreException;
import dev.voicebridge.store.Timestamps;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.MutableClock;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
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
class SessionManagerTest {

  @TempDir
  Path dir;
  Vertx vertx;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
  Timestamps time = new Timestamps(clock);
  StoreClient store;
  SessionSettings settings = new SessionSettings(Duration.ofMinutes(30), 100, 4, ContextWindowSettings.defaults(), "stop");

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    store = TestStore.start(vertx, TestStore.settings(dir.resolve("s.db")), time).client;
  }

  private SessionManager manager() {
    return new SessionManager(store, settings, time);
  }

  private static TurnAppend turn(Session s, Role role, String text, MessageType type) {
    return new TurnAppend(s.uuid(), role, text, type, Speakability.SPEAK, null, null, null, null, null);
  }

  @Test
  void createGetUpdateClose() {
    SessionManager m = manager();
    Session s = Await.result(m.create("main", new JsonObject().put("voice", true)));
    assertTrue(s.isActive());
    s.metadata().put("room", "kitchen");
    s.contextWindow().addUserMessage("Hello", time.now());
    clock.advance(Duration.ofMinutes(1));
    Session updated = Await.result(m.update(s));
    assertEquals("2026-11-24T09:01:00.000Z", updated.lastActivity());
    Session fresh = Await.result(manager().get(s.uuid()));
    assertEquals("kitchen", fresh.metadata().getString("room"));
    assertEquals(List.of("Hello"), fresh.contextWindow().messages().stream().map(ContextWindow.Message::content)
        .toList(), "the context window is restored from the store");
    Session closed = Await.result(m.close(s.uuid(), "user said goodbye"));
    assertEquals(SessionState.CLOSED, closed.state());
    assertEquals("user said goodbye", closed.metadata().getString("closedReason"));
    assertEquals(404, ((StoreException) Await.failure(m.get("00000000-0000-0000-0000-000000000000"))).code());
  }

  @Test
  void getOrCreateActiveResumesUntilStaleThenStartsAfresh() {
    SessionManager m = manager();
    Session first = Await.result(m.getOrCreateActive("main"));
    clock.advance(Duration.ofMinutes(29));
    assertEquals(first.uuid(), Await.result(m.getOrCreateActive("main")).uuid());
    assertEquals(first.uuid(), Await.result(manager().getOrCreateActive("main")).uuid(), "a restarted bridge resumes");
    clock.advance(Duration.ofMinutes(2));
    Session next = Await.result(m.getOrCreateActive("main"));
    assertNotEquals(first.uuid(), next.uuid(), "idle 31 min > 30 min timeout: not resumed");
    Session old = Await.result(m.get(first.uuid()));
    assertEquals(SessionState.CLOSED, old.state());
    assertTrue(old.metadata().getString("closedReason").startsWith("stale"));
    assertEquals(first.uuid(), next.metadata().getString("previousSession"));
  }

  @Test
  void addTurnKeepsConversationInTheWindowAndToolChatterOut() {
    SessionManager m = manager();
    Session s = Await.result(m.getOrCreateActive("main"));
    Await.result(m.addTurn(s, turn(s, Role.USER, "What's in /tmp?", MessageType.FINAL)));
    Await.result(m.addTurn(s, turn(s, Role.ASSISTANT, "ls /tmp", MessageType.TOOL_CALL)));
    Await.result(m.addTurn(s, turn(s, Role.TOOL, "a.txt", MessageType.TOOL_RESULT)));
    Await.result(m.addTurn(s, turn(s, Role.ASSISTANT, "There is one file, a.txt.", MessageType.FINAL)));
    assertEquals(List.of("What's in /tmp?", "There is one file, a.txt."),
        s.contextWindow().messages().stream().map(ContextWindow.Message::content).toList());
    Session restored = Await.result(manager().get(s.uuid()));
    assertEquals(s.contextWindow().messages(), restored.contextWindow().messages());
    assertEquals(4, Await.result(store.session(s.uuid())).turnCount(), "every turn is in the history");
  }

  @Test
  void staleDetectionAndClosing() {
    SessionManager m = manager();
    Session a = Await.result(m.create("a", null));
    clock.advance(Duration.ofMinutes(20));
    Session b = Await.result(m.create("b", null));
    clock.advance(Duration.ofMinutes(15));
    List<Session> stale = Await.result(m.findStale());
    assertEquals(List.of(a.uuid()), stale.stream().map(Session::uuid).toList());
    assertEquals(1, Await.result(m.closeStale()));
    assertEquals(SessionState.CLOSED, Await.result(m.get(a.uuid())).state());
    assertFalse(Await.result(m.get(b.uuid())).isStale(clock.instant(), settings.staleAfter()));
    assertEquals(List.of(b.uuid()), Await.result(m.list(SessionState.ACTIVE)).stream().map(Session::uuid).toList());
  }

  @Test
  void theCacheStaysSmall() {
    SessionManager m = manager();
    for (int i = 0; i < 10; i++) {
      Await.result(m.create("k" + i, null));
    }
    // a cache of 4 still answers for every session: the store is the source of truth
    assertEquals(10, Await.result(m.list(null)).size());
  }
}
