package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.StoreMessages.TurnView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryReconcilerTest {

  private static TurnView user(int index, String key, String runId, Delivery delivery) {
    return new TurnView(100 + index, "s-1", index, "2026-11-24T06:00:00.000Z", Role.USER, "question " + index, null,
        null, null, runId, key, delivery);
  }

  private static JsonObject userMessage(String key, JsonObject extra) {
    return new JsonObject().put("role", "user").put("content", "q").put("idempotencyKey", key + ":user")
        .put("__openclaw", new JsonObject().put("idempotencyKey", key + ":user")).mergeIn(extra);
  }

  private static JsonObject assistant(String runId, String text, String stopReason) {
    return new JsonObject().put("role", "assistant").put("stopReason", stopReason)
        .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
        .put("__openclaw", new JsonObject().put("runId", runId));
  }

  private static JsonObject history(JsonArray messages, JsonArray activeRunIds) {
    return new JsonObject().put("messages", messages).put("sessionInfo", new JsonObject().put("activeRunIds",
        activeRunIds));
  }

  /** The chat.history a real gateway returned (captured): its reply belongs to the captured turn. */
  @Test
  void theCapturedHistoryAnswersItsTurn() throws IOException {
    JsonObject payload;
    try (InputStream in = getClass().getResourceAsStream("/gateway/openclaw-gateway-frames.jsonl")) {
      payload = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(JsonObject::new)
          .filter(f -> "res".equals(f.getString("type")) && "3".equals(f.getString("id"))).findFirst().orElseThrow()
          .getJsonObject("payload");
    }
    String key = "a58887ac-d9a8-4a25-818b-f81fa067a190";
    TurnView turn = user(0, key, key, Delivery.SENT);
    HistoryReconciler.Plan plan = HistoryReconciler.plan(payload, List.of(turn));
    Reply reply = plan.replies().get(turn);
    assertEquals("Hello from the mock model. This reply was streamed.", reply.text());
    assertEquals(MessageType.FINAL, reply.outcome());
    assertEquals(key, reply.runId());
    assertTrue(plan.resend().isEmpty());
    assertFalse(plan.runActive());
  }

  @Test
  void aContinuationAfterAGatewayRestartAnswersTheInterruptedTurn() {
    TurnView turn = user(0, "k1", "k1", Delivery.SENT);
    JsonArray messages = new JsonArray()
        .add(userMessage("k1", new JsonObject()))
        .add(new JsonObject().put("role", "assistant").put("stopReason", "toolUse").put("content", new JsonArray()
            .add(new JsonObject().put("type", "toolCall").put("id", "c1"))).put("__openclaw", new JsonObject()
            .put("runId", "k1")))
        .add(new JsonObject().put("role", "user").put("content", "[System] Your previous turn was interrupted")
            .put("provenance", new JsonObject().put("kind", "internal_system")))
        .add(assistant("run-new", "Recovered answer.", "stop"));
    HistoryReconciler.Plan plan = HistoryReconciler.plan(history(messages, new JsonArray()), List.of(turn));
    assertEquals("Recovered answer.", plan.replies().get(turn).text());
    assertEquals("run-new", plan.replies().get(turn).runId());
  }

  @Test
  void errorsAndAbortedFragmentsKeepTheirKind() {
    TurnView failed = user(0, "k1", "k1", Delivery.SENT);
    TurnView aborted = user(2, "k2", "k2", Delivery.SENT);
    JsonArray messages = new JsonArray()
        .add(userMessage("k1", new JsonObject()))
        .add(assistant("k1", "LLM request failed", "error"))
        .add(userMessage("k2", new JsonObject()))
        .add(assistant("k2", "one two three", "stop").put("model", "gateway-injected")
            .put("idempotencyKey", "k2:assistant"));
    HistoryReconciler.Plan plan = HistoryReconciler.plan(history(messages, new JsonArray()), List.of(failed, aborted));
    assertEquals(MessageType.ERROR, plan.replies().get(failed).outcome());
    assertEquals(MessageType.INTERRUPT, plan.replies().get(aborted).outcome());
    assertEquals("one two three", plan.replies().get(aborted).text());
  }

  @Test
  void turnsTheGatewayLostAreSentAgainUnlessARunIsStillGoing() {
    TurnView pending = user(0, "k1", null, Delivery.PENDING);
    TurnView sent = user(1, "k2", "k2", Delivery.SENT);
    JsonObject idle = history(new JsonArray().add(userMessage("k2", new JsonObject())), new JsonArray());
    assertEquals(List.of(pending, sent), HistoryReconciler.plan(idle, List.of(pending, sent)).resend());
    JsonObject busy = history(new JsonArray().add(userMessage("k2", new JsonObject())), new JsonArray().add("r9"));
    HistoryReconciler.Plan plan = HistoryReconciler.plan(busy, List.of(pending, sent));
    assertTrue(plan.runActive());
    assertEquals(List.of(pending), plan.resend(), "a SENT turn waits for the run in progress");
  }

  @Test
  void anotherPersonsMessageEndsTheSpanOfOurTurn() {
    TurnView ours = user(0, "k1", "k1", Delivery.SENT);
    JsonArray messages = new JsonArray()
        .add(userMessage("k1", new JsonObject()))
        .add(userMessage("someone-else", new JsonObject()))
        .add(assistant("their-run", "Their answer.", "stop"));
    HistoryReconciler.Plan plan = HistoryReconciler.plan(history(messages, new JsonArray()), List.of(ours));
    assertTrue(plan.replies().isEmpty());
    assertEquals(List.of(ours), plan.resend());
  }

  @Test
  void toolResultsAreCollected() {
    JsonArray messages = new JsonArray().add(new JsonObject().put("role", "toolResult").put("toolCallId", "c1")
        .put("isError", true).put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "boom"))));
    HistoryReconciler.Plan plan = HistoryReconciler.plan(history(messages, new JsonArray()), List.of());
    assertEquals(new HistoryReconciler.ToolOutcome("c1", true, "boom"), plan.toolResults().get("c1"));
  }
}
