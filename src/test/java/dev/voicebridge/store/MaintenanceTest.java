package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.BackupRequest;
import dev.voicebridge.bus.StoreMessages.BackupResult;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.CleanupResult;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.MutableClock;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class MaintenanceTest {

  @TempDir
  Path dir;
  Path db;
  StoreClient store;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-01T08:00:00Z"));

  @BeforeEach
  void start(Vertx vertx) {
    db = dir.resolve("s.db");
    store = TestStore.start(vertx, TestStore.settings(db), new Timestamps(clock)).client;
  }

  private SessionView sessionWithTurns(String key, int turns) {
    SessionView s = Await.result(store.createSession(new SessionCreate(key, null)));
    for (int i = 0; i < turns; i++) {
      Await.result(store.appendTurn(new TurnAppend(s.sessionUuid(), Role.USER, "turn " + i, null, null, null, null,
          null, null, null)));
    }
    Await.result(store.recordTool(new ToolRecord(s.sessionUuid(), null, key + "-call", "ls", ToolStatus.COMPLETED,
        null, "ok", null)));
    return s;
  }

  @Test
  void deletingASessionCascadesToItsTurnsAndTools() throws Exception {
    SessionView s = sessionWithTurns("a", 3);
    sessionWithTurns("b", 2);
    Await.result(store.closeSession(new SessionClose(s.sessionUuid(), "done", false)));
    clock.advance(Duration.ofDays(10));
    CleanupResult r = Await.result(store.cleanup(new CleanupRequest(null, Duration.ofDays(7).toMinutes(), null)));
    assertEquals(1, r.deletedSessions());
    assertEquals(3, r.deletedTurns());
    assertEquals(2, TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns"));
    assertEquals(1, TestStore.count(db, "SELECT COUNT(*) FROM tool_executions"));
    assertEquals(2, TestStore.count(db, "SELECT COUNT(*) FROM turns_fts"), "search index follows the deletes");
    // and for anyone deleting by hand, with foreign keys on as every connection of ours has them
    try (Connection c = TestStore.jdbc(db); Statement st = c.createStatement()) {
      st.execute("PRAGMA foreign_keys = ON");
      st.execute("DELETE FROM sessions");
    }
    assertEquals(0, TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns"));
    assertEquals(0, TestStore.count(db, "SELECT COUNT(*) FROM tool_executions"));
  }

  @Test
  void cleanupClosesStaleSessionsAndNeverDeletesActiveOnes() {
    SessionView old = sessionWithTurns("old", 1);
    clock.advance(Duration.ofHours(2));
    SessionView fresh = sessionWithTurns("fresh", 1);
    CleanupResult r = Await.result(store.cleanup(new CleanupRequest(30, null, null)));
    assertEquals(1, r.closedStale());
    assertEquals(SessionState.CLOSED, Await.result(store.session(old.sessionUuid())).state());
    assertTrue(Await.result(store.session(old.sessionUuid())).metadata().getString("closedReason").startsWith("stale"));
    assertEquals(SessionState.ACTIVE, Await.result(store.session(fresh.sessionUuid())).state());
    assertEquals(0, r.deletedSessions(), "closing is not deleting");
  }

  @Test
  void maxSessionsDeletesTheOldestClosedOnes() {
    List<SessionView> closed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SessionView s = sessionWithTurns("c" + i, 1);
      Await.result(store.closeSession(new SessionClose(s.sessionUuid(), "x", false)));
      closed.add(s);
      clock.advance(Duration.ofMinutes(1));
    }
    SessionView active = sessionWithTurns("live", 1);
    CleanupResult r = Await.result(store.cleanup(new CleanupRequest(null, null, 3)));
    assertEquals(3, r.deletedSessions(), "3 kept = 1 active + the 2 newest closed");
    assertEquals(SessionState.ACTIVE, Await.result(store.session(active.sessionUuid())).state());
    assertEquals(404, ((StoreException) Await.failure(store.session(closed.get(0).sessionUuid()))).code());
    Await.result(store.session(closed.get(4).sessionUuid()));
  }

  @Test
  void backupIsConsistentPrivateAndNeverOverwrites(Vertx vertx) throws Exception {
    SessionView s = sessionWithTurns("a", 50);
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Future<?>> writes = new ArrayList<>();
    vertx.setPeriodic(1, id -> {
      if (!writing.get()) {
        vertx.cancelTimer(id);
        return;
      }
      writes.add(store.appendTurn(new TurnAppend(s.sessionUuid(), Role.ASSISTANT, "during backup", null, null, null,
          null, null, null, null)));
    });
    Path out = dir.resolve("backups").resolve("copy.db");
    BackupResult r = Await.result(store.backup(new BackupRequest(out.toString())));
    writing.set(false);
    Await.result(Future.join(new ArrayList<>(writes)));
    assertEquals(out.toAbsolutePath().toString(), r.path());
    assertEquals(Files.size(out), r.bytes());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    assertEquals("ok", TestStore.text(out, "PRAGMA integrity_check"));
    long copied = TestStore.count(out, "SELECT COUNT(*) FROM conversation_turns");
    assertTrue(copied >= 50 && copied <= TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns"));
    assertEquals(copied, TestStore.count(out, "SELECT COUNT(*) FROM turns_fts"), "search index copied consistently");
    StoreException again = (StoreException) Await.failure(store.backup(new BackupRequest(out.toString())));
    assertEquals(400, again.code());
    assertTrue(again.getMessage().contains("already exists"));
    BackupResult dated = Await.result(store.backup(new BackupRequest(null)));
    assertTrue(dated.path().endsWith("sessions-20261101-080000.db"), dated.path());
  }

  @Test
  void statsCountEverything() {
    sessionWithTurns("a", 3);
    SessionView b = sessionWithTurns("b", 1);
    Await.result(store.closeSession(new SessionClose(b.sessionUuid(), "x", false)));
    StoreStats st = Await.result(store.stats());
    assertEquals(2, st.sessions());
    assertEquals(1, st.activeSessions());
    assertEquals(1, st.closedSessions());
    assertEquals(4, st.turns());
    assertEquals(4L, st.turnsByRole().getLong("user"));
    assertEquals(2, st.toolExecutions());
    assertEquals(4, st.schemaVersion());
    assertEquals(2.0, st.averageTurnsPerSession());
    assertTrue(st.fileBytes() > 0);
  }
}
