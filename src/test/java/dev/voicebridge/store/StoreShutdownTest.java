package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Closing the store (the bridge stopping) writes out what is queued first; later work gets a clear error. */
@ExtendWith(VertxExtension.class)
class StoreShutdownTest {

  @TempDir
  Path dir;

  @Test
  void closingWritesOutEveryQueuedAppend(Vertx vertx) throws Exception {
    Path db = dir.resolve("s.db");
    ConversationStore store = Await.result(ConversationStore.open(vertx, TestStore.settings(db), Timestamps.system()));
    SessionView session = Await.result(store.createSession(new SessionCreate("main", null)));
    List<Future<TurnView>> appends = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      appends.add(store.appendTurn(new TurnAppend(session.sessionUuid(), Role.USER, "turn " + i, null, null, null,
          null, null, null, null)));
    }
    Await.result(store.close()); // while most of them are still queued

    for (Future<TurnView> f : appends) {
      Await.result(f); // every one acknowledged, none failed by the closing pool
    }
    assertEquals(300, TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns"));

    StoreException late = (StoreException) Await.failure(store.appendTurn(new TurnAppend(session.sessionUuid(),
        Role.USER, "too late", null, null, null, null, null, null, null)));
    assertEquals(StoreException.CLOSED, late.code());
    assertEquals("database " + db.toAbsolutePath() + " is closed (the bridge is stopping); this change was not "
        + "saved, nothing saved before is affected", late.getMessage());
  }
}
