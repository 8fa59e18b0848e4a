package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnUpdate;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The end of a run: the reply and its question's state, through the real store. */
@ExtendWith(VertxExtension.class)
class TurnJournalTest {

  @TempDir
  Path dir;
  StoreClient store;
  TurnJournal journal;
  SessionView session;

  @BeforeEach
  void start(Vertx vertx) {
    store = TestStore.start(vertx, dir.resolve("s.db")).client;
    journal = new TurnJournal(vertx, store);
    session = Await.result(store.createSession(new SessionCreate("main", null)));
  }

  private List<TurnView> turns() {
    return Await.result(store.turns(new TurnQuery(session.sessionUuid(), null, null, null, null, null, false)))
        .turns();
  }

  @Test
  void aReplyIsStoredAndItsQuestionAnsweredTogether() {
    TurnView question = Await.result(journal.recordUserTurn(session.sessionUuid(), "What time is it?"));
    Await.result(journal.markSent(question.turnId(), "run-1"));
    assertTrue(Await.result(journal.recordReply(question, new Reply("run-1", MessageType.FINAL, "Noon.", "stop",
        null), t -> { })));
    List<TurnView> turns = turns();
    assertEquals(2, turns.size());
    assertEquals(Delivery.ANSWERED, turns.get(0).delivery());
    assertEquals("Noon.", turns.get(1).content());
    assertEquals("run:run-1", turns.get(1).idempotencyKey());
  }

  @Test
  void aReplyAfterItsSessionClosedStillAnswersTheQuestion() {
    TurnView question = Await.result(journal.recordUserTurn(session.sessionUuid(), "Still there?"));
    Await.result(store.updateTurn(new TurnUpdate(question.turnId(), Delivery.SENT, "run-2")));
    Await.result(store.closeSession(new SessionClose(session.sessionUuid(), "stale", false)));

    assertTrue(Await.result(journal.recordReply(question, new Reply("run-2", MessageType.FINAL, "Yes.", "stop",
        null), t -> { })));
    List<TurnView> turns = turns();
    assertEquals(1, turns.size(), "a closed session takes no more turns");
    assertEquals(Delivery.ANSWERED, turns.get(0).delivery(), "but the question is not left waiting for ever");
  }
}
