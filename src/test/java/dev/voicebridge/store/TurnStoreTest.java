package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionMessages.TurnCommitted;
import dev.voicebridge.bus.Speakability;
import dev.voicebridge.bus.StoreMessages.SearchHit;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnSearch;
import dev.voicebridge.bus.StoreMessages.TurnUpdate;
import dev.voicebridge.bus.StoreMessages.TurnView;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TurnStoreTest {

  @TempDir
  Path dir;
  Vertx vertx;
  StoreClient store;
  MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
  SessionView session;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    TestStore ts = TestStore.start(vertx, TestStore.settings(dir.resolve("s.db")), new Timestamps(clock));
    store = ts.client;
    session = Await.result(store.createSession(new SessionCreate("main", null)));
  }

  private TurnView append(Role role, String content) {
    return Await.result(store.appendTurn(new TurnAppend(session.sessionUuid(), role, content, MessageType.FINAL,
        Speakability.SPEAK, null, null, null, null, null)));
  }

  @Test
  void appendsGetDenseIndexesAndUpdateActivity() {
    TurnView a = append(Role.USER, "Hello");
    clock.advance(Duration.ofSeconds(5));
    TurnView b = append(Role.ASSISTANT, "Hi there!");
    assertEquals(0, a.turnIndex());
    assertEquals(1, b.turnIndex());
    assertEquals("2026-11-20T10:00:05.000Z", b.timestamp());
    SessionView s = Await.result(store.session(session.sessionUuid()));
    assertEquals(b.timestamp(), s.lastActivity(), "the trigger keeps last_activity in step");
    assertEquals(2, s.turnCount());
  }

  @Test
  void everyFieldIsStoredAndReturned() {
    JsonArray calls = new JsonArray().add(new JsonObject().put("name", "weather").put("args", new JsonObject()
        .put("city", "Zürich")));
    TurnView t = Await.result(store.appendTurn(new TurnAppend(session.sessionUuid(), Role.ASSISTANT, "Checking.",
        MessageType.TOOL_CALL, Speakability.SILENT, calls, "run-9", "idem-9", Delivery.ANSWERED, null)));
    List<TurnView> listed = Await.result(store.turns(new TurnQuery(session.sessionUuid(), null, null, null, null,
        null, false))).turns();
    assertEquals(List.of(t), listed);
    assertEquals(MessageType.TOOL_CALL, t.messageType());
    assertEquals(Speakability.SILENT, t.speakability());
    assertEquals(calls, t.toolCalls());
    assertEquals("run-9", t.runId());
    assertEquals(Delivery.ANSWERED, t.delivery());
  }

  @Test
  void hostileContentRoundTripsExactly() {
    String big = "x".repeat(100 * 1024);
    String hostile = "quotes \" ' `; commas, ,, newlines\r\n\nand tabs\t, unicode: café ☕ 日本語 🙂, NUL-free; "
        + "'); DROP TABLE sessions; --";
    assertEquals(big, append(Role.USER, big).content());
    assertEquals(hostile, append(Role.ASSISTANT, hostile).content());
    List<TurnView> turns = Await.result(store.turns(new TurnQuery(session.sessionUuid(), null, null, null, null, null,
        false))).turns();
    assertEquals(big, turns.get(0).content());
    assertEquals(hostile, turns.get(1).content());
  }

  @Test
  void sameIdempotencyKeyAndRoleReturnsTheStoredTurn() {
    TurnAppend user = new TurnAppend(session.sessionUuid(), Role.USER, "What time is it?", MessageType.FINAL,
        Speakability.SPEAK, null, null, "key-1", Delivery.PENDING, null);
    TurnView first = Await.result(store.appendTurn(user));
    TurnView again = Await.result(store.appendTurn(user));
    assertEquals(first, again);
    TurnView reply = Await.result(store.appendTurn(new TurnAppend(session.sessionUuid(), Role.ASSISTANT, "Noon.",
        MessageType.FINAL, Speakability.SPEAK, null, "run-1", "key-1", null, null)));
    assertEquals(1, reply.turnIndex(), "same key, other role: a new turn");
    assertEquals(2, Await.result(store.session(session.sessionUuid())).turnCount());
  }

  @Test
  void appendsToUnknownOrClosedSessionsFailAlone() {
    StoreException unknown = (StoreException) Await.failure(store.appendTurn(new TurnAppend(
        "00000000-0000-0000-0000-000000000000", Role.USER, "x", null, null, null, null, null, null, null)));
    assertEquals(404, unknown.code());
    SessionView other = Await.result(store.createSession(new SessionCreate("other", null)));
    Await.result(store.closeSession(new SessionClose(other.sessionUuid(), "bye", false)));
    StoreException closed = (StoreException) Await.failure(store.appendTurn(new TurnAppend(other.sessionUuid(),
        Role.USER, "x", null, null, null, null, null, null, null)));
    assertEquals(409, closed.code());
    assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    assertEquals(0, append(Role.USER, "still fine").turnIndex());
  }

  @Test
  void queriesByIndexRangeTimeRangeAndRecent() {
    for (int i = 0; i < 10; i++) {
      append(i % 2 == 0 ? Role.USER : Role.ASSISTANT, "turn " + i);
      clock.advance(Duration.ofMinutes(1));
    }
    String uuid = session.sessionUuid();
    List<TurnView> range = Await.result(store.turns(new TurnQuery(uuid, 3, 5, null, null, null, false))).turns();
    assertEquals(List.of(3, 4, 5), range.stream().map(TurnView::turnIndex).toList());
    List<TurnView> recent = Await.result(store.turns(new TurnQuery(uuid, null, null, null, null, 3, true))).turns();
    assertEquals(List.of(7, 8, 9), recent.stream().map(TurnView::turnIndex).toList());
    List<TurnView> byTime = Await.result(store.turns(new TurnQuery(uuid, null, null, "2026-11-20T10:02:00Z",
        "2026-11-20T10:04:00Z", null, false))).turns();
    assertEquals(List.of(2, 3, 4), byTime.stream().map(TurnView::turnIndex).toList());
    List<TurnView> byDate = Await.result(store.turns(new TurnQuery(uuid, null, null, "2026-11-20", null, null,
        false))).turns();
    assertEquals(10, byDate.size());
    StoreException bad = (StoreException) Await.failure(store.turns(new TurnQuery(uuid, null, null, "last tuesday",
        null, null, false)));
    assertEquals(400, bad.code());
  }

  @Test
  void fullTextSearchMatchesWordsAndPrefixesLiterally() {
    append(Role.USER, "What's the weather in Zürich tomorrow?");
    append(Role.ASSISTANT, "Tomorrow in Zürich: sunny, 21 °C. Don't forget sunscreen!");
    append(Role.USER, "Set a timer for 3.5 minutes \"please\" AND NEAR(x y)");
    List<SearchHit> hits = Await.result(store.search(new TurnSearch("zurich sun", null, null, null, null))).hits();
    assertEquals(1, hits.size(), "diacritics folded, prefix 'sun' matches 'sunny'");
    assertTrue(hits.get(0).snippet().contains("[Zürich]"), hits.get(0).snippet());
    assertEquals(2, Await.result(store.search(new TurnSearch("tomorrow", null, null, null, null))).hits().size());
    assertEquals(1, Await.result(store.search(new TurnSearch("\"please\" AND NEAR(", null, null, null, null)))
        .hits().size(), "FTS syntax in the text is matched literally, not parsed");
    assertEquals(1, Await.result(store.search(new TurnSearch("don't", null, null, null, null))).hits().size());
    assertEquals(0, Await.result(store.search(new TurnSearch("tomorrow", null, "2026-12-01", null, null))).hits()
        .size());
    StoreException noWords = (StoreException) Await.failure(store.search(new TurnSearch("?? !!", null, null, null,
        null)));
    assertEquals(400, noWords.code());
  }

  @Test
  void deliveryAndRunIdCanBeUpdated() {
    TurnView t = Await.result(store.appendTurn(new TurnAppend(session.sessionUuid(), Role.USER, "hi", null, null,
        null, null, "k", Delivery.PENDING, null)));
    TurnView sent = Await.result(store.updateTurn(new TurnUpdate(t.turnId(), Delivery.SENT, "run-1")));
    assertEquals(Delivery.SENT, sent.delivery());
    assertEquals("run-1", sent.runId());
    TurnView answered = Await.result(store.updateTurn(new TurnUpdate(t.turnId(), Delivery.ANSWERED, null)));
    assertEquals("run-1", answered.runId(), "null leaves the run id");
    assertEquals(Delivery.ANSWERED, Await.result(store.updateTurn(new TurnUpdate(t.turnId(), Delivery.PENDING, null)))
        .delivery(), "an answered turn stays answered (a late re-queue must not send it again)");
    assertEquals(404, ((StoreException) Await.failure(store.updateTurn(new TurnUpdate(999, Delivery.SENT, null))))
        .code());
  }

  @Test
  void aReplyMarksTheTurnItAnswersInTheSameAppend() {
    TurnView question = Await.result(store.appendTurn(new TurnAppend(session.sessionUuid(), Role.USER, "hi", null,
        null, null, null, "q-1", Delivery.PENDING, null)));
    Await.result(store.updateTurn(new TurnUpdate(question.turnId(), Delivery.SENT, "run-1")));
    TurnAppend reply = new TurnAppend(session.sessionUuid(), Role.ASSISTANT, "Hello.", MessageType.FINAL,
        Speakability.SPEAK, null, "run-1", "run:run-1", null, question.turnId());
    Await.result(store.appendTurn(reply));
    assertEquals(Delivery.ANSWERED, delivery(question));

    // A repeat of the reply (another path reporting the same run) stores nothing new and still marks it.
    Await.result(store.updateTurn(new TurnUpdate(question.turnId(), Delivery.SENT, null)));
    TurnView again = Await.result(store.appendTurn(reply));
    assertEquals(1, again.turnIndex(), "the stored reply, not a new one");
    assertEquals(Delivery.ANSWERED, delivery(question));

    // A reply never touches a turn of another session, whatever id it names.
    SessionView other = Await.result(store.createSession(new SessionCreate("other", null)));
    TurnView foreign = Await.result(store.appendTurn(new TurnAppend(other.sessionUuid(), Role.USER, "yo", null, null,
        null, null, "q-2", Delivery.SENT, null)));
    Await.result(store.appendTurn(new TurnAppend(session.sessionUuid(), Role.ASSISTANT, "Stray.", MessageType.FINAL,
        Speakability.SPEAK, null, "run-2", "run:run-2", null, foreign.turnId())));
    assertEquals(Delivery.SENT, delivery(foreign));
  }

  private Delivery delivery(TurnView turn) {
    return Await.result(store.turns(new TurnQuery(turn.sessionUuid(), turn.turnIndex(), turn.turnIndex(), null,
        null, null, false))).turns().get(0).delivery();
  }

  @Test
  void everyCommittedTurnIsAnnounced() throws Exception {
    List<TurnView> seen = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.STORE_TURN_COMMITTED,
        m -> seen.add(BusJson.decode(m.body(), TurnCommitted.class).turn()));
    TurnView t = append(Role.USER, "announce me");
    for (int i = 0; i < 100 && seen.isEmpty(); i++) {
      Thread.sleep(10);
    }
    assertEquals(List.of(t), seen);
    assertNull(seen.get(0).runId());
  }
}
