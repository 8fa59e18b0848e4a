package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** turn_index stays dense and unique however appends interleave, in one process or across two writers. */
class ConcurrencyTest {

  @TempDir
  Path dir;

  private static List<Future<TurnView>> burst(StoreClient store, String uuid, String who, int n) {
    List<Future<TurnView>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(store.appendTurn(new TurnAppend(uuid, Role.USER, who + " " + i, null, null, null, null, null, null, null)));
    }
    return all;
  }

  private static void assertDense(Path db, int expected) throws SQLException {
    assertEquals(expected, TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns"));
    assertEquals(expected, TestStore.count(db, "SELECT COUNT(DISTINCT turn_index) FROM conversation_turns"));
    assertEquals(expected - 1, TestStore.count(db, "SELECT MAX(turn_index) FROM conversation_turns"));
    assertEquals(0, TestStore.count(db, "SELECT MIN(turn_index) FROM conversation_turns"));
  }

  @Test
  void manyInFlightAppendsInOneProcess() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Path db = dir.resolve("one.db");
      TestStore ts = TestStore.start(vertx, db);
      SessionView s = Await.result(ts.client.createSession(new SessionCreate("main", null)));
      List<Future<TurnView>> all = new ArrayList<>();
      for (int producer = 0; producer < 8; producer++) {
        all.addAll(burst(ts.client, s.sessionUuid(), "p" + producer, 100));
      }
      Await.result(Future.all(all));
      TreeSet<Integer> indexes = new TreeSet<>();
      all.forEach(f -> indexes.add(f.result().turnIndex()));
      assertEquals(800, indexes.size(), "every acknowledged append got its own index");
      assertEquals(799, indexes.last());
      assertDense(db, 800);
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void twoWritersOnTheSameFile() throws Exception {
    Path db = dir.resolve("two.db");
    Vertx a = Vertx.vertx();
    Vertx b = Vertx.vertx();
    try {
      TestStore sa = TestStore.start(a, db);
      TestStore sb = TestStore.start(b, db);
      SessionView s = Await.result(sa.client.createSession(new SessionCreate("main", null)));
      List<Future<TurnView>> fromA = burst(sa.client, s.sessionUuid(), "a", 300);
      List<Future<TurnView>> fromB = burst(sb.client, s.sessionUuid(), "b", 300);
      Await.result(Future.all(fromA), 120);
      Await.result(Future.all(fromB), 120);
      assertDense(db, 600);
      assertEquals("ok", TestStore.text(db, "PRAGMA integrity_check"));
    } finally {
      Await.result(a.close());
      Await.result(b.close());
    }
  }

  @Test
  void theUniqueIndexRefusesADuplicateIndex() throws Exception {
    Vertx vertx = Vertx.vertx();
    Path db = dir.resolve("u.db");
    try {
      TestStore ts = TestStore.start(vertx, db);
      SessionView s = Await.result(ts.client.createSession(new SessionCreate("main", null)));
      Await.result(Future.all(burst(ts.client, s.sessionUuid(), "x", 2)));
    } finally {
      Await.result(vertx.close());
    }
    try (Connection c = TestStore.jdbc(db); Statement st = c.createStatement()) {
      assertThrows(SQLException.class, () -> st.execute("INSERT INTO conversation_turns (session_id, turn_index, "
          + "timestamp, role, content) VALUES (1, 1, 'now', 'user', 'dup')"));
    }
  }
}
