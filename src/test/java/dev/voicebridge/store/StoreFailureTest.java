package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear message and loses nothing. */
@ExtendWith(VertxExtension.class)
class StoreFailureTest {

  @TempDir
  Path dir;

  private static Throwable deployFailure(Vertx vertx, StoreSettings settings) {
    return Await.failure(vertx.deployVerticle(new PersistenceVerticle(settings)));
  }

  @Test
  void aFileThatIsNotSqliteIsRefusedAndLeftUntouched(Vertx vertx) throws Exception {
    Path db = dir.resolve("notes.db");
    byte[] content = "These are my notes, not a database.\n".repeat(100).getBytes();
    Files.write(db, content);
    Throwable e = deployFailure(vertx, TestStore.settings(db));
    assertTrue(e.getMessage().contains("is not a SQLite database"), e.getMessage());
    assertTrue(e.getMessage().contains("--db"), "says what to do: " + e.getMessage());
    assertArrayEquals(content, Files.readAllBytes(db));
    assertFalse(Files.exists(dir.resolve("notes.db-wal")));
  }

  @Test
  void aCorruptSqliteFileGivesAClearError(Vertx vertx) throws Exception {
    Path db = dir.resolve("corrupt.db");
    TestStore.start(vertx, db).stop();
    byte[] bytes = Files.readAllBytes(db);
    for (int i = 100; i < bytes.length; i++) {
      bytes[i] = (byte) 0xA5; // keep the header, garble every page
    }
    Files.write(db, bytes);
    Throwable e = deployFailure(vertx, TestStore.settings(db));
    assertTrue(e.getMessage().contains(db.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt") || e.getMessage().contains("not a SQLite database"), e.getMessage());
  }

  @Test
  void aReadOnlyDirectoryGivesAClearError(Vertx vertx) throws Exception {
    Path ro = Files.createDirectories(Path.of("target", "test-readonly-" + System.nanoTime()));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    boolean immutable = ReadOnly.makeImmutableIfRoot(ro);
    try {
      Throwable e = deployFailure(vertx, TestStore.settings(ro.resolve("sub").resolve("sessions.db")));
      assertTrue(e.getMessage().contains("cannot create directory") && e.getMessage().contains("--db"),
          e.getMessage());
      Throwable direct = deployFailure(vertx, TestStore.settings(ro.resolve("sessions.db")));
      assertTrue(direct.getMessage().contains("not writable") || direct.getMessage().contains("permission denied"),
          direct.getMessage());
      assertFalse(Files.exists(ro.resolve("sessions.db")));
    } finally {
      if (immutable) {
        ReadOnly.clearImmutable(ro);
      }
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.deleteIfExists(ro);
    }
  }

  @Test
  void aDirectoryIsNotADatabase(Vertx vertx) {
    Throwable e = deployFailure(vertx, TestStore.settings(dir));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void aFullDatabaseRefusesTheWriteAndKeepsEveryAcknowledgedTurn(Vertx vertx) throws Exception {
    Path db = dir.resolve("small.db");
    StoreSettings tiny = StoreSettings.from(BridgeConfig.defaults().with(Map.of("store.path", db.toString(),
        "store.maxSizeMb", "1")));
    TestStore ts = TestStore.start(vertx, tiny, Timestamps.system());
    SessionView s = Await.result(ts.client.createSession(new SessionCreate("main", null)));
    String chunk = "z".repeat(50_000);
    List<TurnView> acked = new ArrayList<>();
    StoreException full = null;
    for (int i = 0; i < 100 && full == null; i++) {
      try {
        acked.add(Await.result(ts.client.appendTurn(new TurnAppend(s.sessionUuid(), Role.USER, chunk + i, null, null,
            null, null, null, null, null))));
      } catch (StoreException e) {
        full = e;
      }
    }
    assertTrue(full != null, "the 1 MB cap was reached");
    assertEquals(500, full.code());
    assertTrue(full.getMessage().contains("is full") && full.getMessage().contains("nothing saved before is lost"),
        full.getMessage());
    ts.stop();
    assertEquals("ok", TestStore.text(db, "PRAGMA integrity_check"));
    assertEquals(acked.size(), TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns"));
    assertTrue(acked.size() >= 5);
  }

  @Test
  void malformedBusRequestsAre400WithTheReason(Vertx vertx) {
    TestStore.start(vertx, dir.resolve("s.db"));
    ReplyException e = (ReplyException) Await.failure(vertx.eventBus().request(Addresses.STORE_TURN_APPEND,
        new JsonObject().put("sessionUuid", "x").put("role", "narrator").put("content", "hi")));
    assertEquals(400, e.failureCode());
    assertTrue(e.getMessage().contains("narrator"), e.getMessage());
    ReplyException missing = (ReplyException) Await.failure(vertx.eventBus().request(Addresses.STORE_SESSION_GET,
        new JsonObject()));
    assertEquals(400, missing.failureCode());
    assertTrue(missing.getMessage().contains("sessionUuid"), missing.getMessage());
  }
}
