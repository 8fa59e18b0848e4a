package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.ToolTransition;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ToolExecutionStoreTest {

  @TempDir
  Path dir;
  StoreClient store;
  SessionView session;

  @BeforeEach
  void start(Vertx vertx) {
    store = TestStore.start(vertx, dir.resolve("s.db")).client;
    session = Await.result(store.createSession(new SessionCreate("main", null)));
  }

  private ToolView record(String callId, ToolStatus status, String result, String error) {
    return Await.result(store.recordTool(new ToolRecord(session.sessionUuid(), "run-1", callId, "ls", status,
        status == ToolStatus.RUNNING ? new JsonObject().put("path", "/tmp") : null, result, error)));
  }

  @Test
  void lifecyclePendingRunningCompleted() {
    ToolView pending = record("call-1", ToolStatus.PENDING, null, null);
    assertEquals(0, pending.toolIndex());
    assertNull(pending.startedAt());
    ToolView running = record("call-1", ToolStatus.RUNNING, null, null);
    assertNotNull(running.startedAt());
    assertEquals("/tmp", running.parameters().getString("path"));
    ToolView done = record("call-1", ToolStatus.COMPLETED, "a.txt\nb.txt", null);
    assertEquals(ToolStatus.COMPLETED, done.status());
    assertEquals("a.txt\nb.txt", done.result());
    assertNotNull(done.completedAt());
    assertEquals("/tmp", done.parameters().getString("path"), "parameters kept");
    assertEquals(1, record("call-2", ToolStatus.RUNNING, null, null).toolIndex(), "tool_index is dense per session");
  }

  @Test
  void statusOnlyMovesForward() {
    record("call-1", ToolStatus.RUNNING, null, null);
    record("call-1", ToolStatus.ERROR, null, "permission denied");
    ToolView late = record("call-1", ToolStatus.RUNNING, null, null);
    assertEquals(ToolStatus.ERROR, late.status(), "a late start event cannot reopen a finished tool");
    assertEquals("permission denied", late.errorMessage());
    ToolView lateResult = record("call-1", ToolStatus.COMPLETED, "late", null);
    assertEquals(ToolStatus.ERROR, lateResult.status(), "terminal stays terminal");
  }

  @Test
  void interruptedThenCancelledByRecovery() {
    record("a", ToolStatus.RUNNING, null, null);
    record("b", ToolStatus.COMPLETED, "ok", null);
    record("c", ToolStatus.PENDING, null, null);
    List<ToolView> interrupted = Await.result(store.transitionTools(new ToolTransition(session.sessionUuid(),
        List.of(ToolStatus.RUNNING, ToolStatus.PENDING), ToolStatus.INTERRUPTED, null))).tools();
    assertEquals(List.of("a", "c"), interrupted.stream().map(ToolView::toolCallId).toList());
    List<ToolView> cancelled = Await.result(store.transitionTools(new ToolTransition(session.sessionUuid(),
        List.of(ToolStatus.INTERRUPTED), ToolStatus.CANCELLED, "gateway connection lost while the tool ran")))
        .tools();
    assertEquals(2, cancelled.size());
    cancelled.forEach(t -> {
      assertEquals(ToolStatus.CANCELLED, t.status());
      assertEquals("gateway connection lost while the tool ran", t.errorMessage());
      assertNotNull(t.completedAt());
    });
    List<ToolView> completed = Await.result(store.tools(new ToolQuery(session.sessionUuid(),
        List.of(ToolStatus.COMPLETED)))).tools();
    assertEquals(List.of("b"), completed.stream().map(ToolView::toolCallId).toList());
    assertEquals(3, Await.result(store.tools(new ToolQuery(session.sessionUuid(), null))).tools().size());
  }

  @Test
  void unknownSessionIs404() {
    StoreException e = (StoreException) Await.failure(store.recordTool(new ToolRecord(
        "00000000-0000-0000-0000-000000000000", null, "x", "ls", ToolStatus.RUNNING, null, null, null)));
    assertEquals(404, e.code());
  }
}
