package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

  private static List<String> contents(ContextWindow w) {
    return w.messages().stream().map(ContextWindow.Message::content).toList();
  }

  @Test
  void keepsTheFirstFiveAndTheMostRecentWhenFull() {
    ContextWindow w = new ContextWindow(ContextWindowSettings.defaults());
    IntStream.range(0, 30).forEach(i -> w.add(i % 2 == 0 ? "user" : "assistant", "m" + i, null));
    assertEquals(20, w.size());
    List<String> expected = new java.util.ArrayList<>(List.of("m0", "m1", "m2", "m3", "m4"));
    IntStream.range(15, 30).forEach(i -> expected.add("m" + i));
    assertEquals(expected, contents(w));
    assertEquals(10, w.prunedCount());
  }

  @Test
  void tokenBoundDropsMiddleMessagesButKeepsTheNewest() {
    ContextWindow w = new ContextWindow(new ContextWindowSettings(20, 2, 30));
    for (int i = 0; i < 6; i++) {
      w.add("user", "x".repeat(40) + i, null); // ~11 tokens each
    }
    assertTrue(w.estimateTokens() <= 30, "estimate " + w.estimateTokens());
    assertEquals("x".repeat(40) + 5, w.messages().get(w.size() - 1).content(), "the newest stays");
    ContextWindow huge = new ContextWindow(new ContextWindowSettings(20, 5, 10));
    huge.add("user", "y".repeat(400), null);
    assertEquals(1, huge.size(), "a single message over the bound is kept: there is nothing else to drop");
  }

  @Test
  void estimatesAboutFourCharactersPerToken() {
    ContextWindow w = new ContextWindow(ContextWindowSettings.defaults());
    w.addUserMessage("Hello", null);          // 5 chars -> 2
    w.addAssistantMessage("Hi there!", null); // 9 chars -> 3
    assertEquals(5, w.estimateTokens());
  }

  @Test
  void llmFormatAndRoleFilter() {
    ContextWindow w = new ContextWindow(ContextWindowSettings.defaults());
    w.addUserMessage("Hello", "2026-11-24T10:00:00.000Z");
    w.addAssistantMessage("Hi there!", "2026-11-24T10:00:01.000Z");
    assertEquals(new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "Hello"))
        .add(new JsonObject().put("role", "assistant").put("content", "Hi there!")), w.toLlmFormat());
    assertEquals(List.of("Hi there!"), w.byRole("assistant").stream().map(ContextWindow.Message::content).toList());
  }

  @Test
  void jsonRoundTripAndRestoreUnderNewLimits() {
    ContextWindow w = new ContextWindow(ContextWindowSettings.defaults());
    IntStream.range(0, 25).forEach(i -> w.add("user", "m" + i, "t" + i));
    ContextWindow back = ContextWindow.fromJson(w.toJson(), ContextWindowSettings.defaults());
    assertEquals(w.messages(), back.messages());
    assertEquals(w.prunedCount(), back.prunedCount());
    ContextWindow smaller = ContextWindow.fromJson(w.toJson(), new ContextWindowSettings(10, 5, 0));
    assertEquals(10, smaller.size());
    assertEquals("m0", smaller.messages().get(0).content());
    assertEquals("m24", smaller.messages().get(9).content());
  }

  @Test
  void malformedStoredJsonIsToleratedEntryByEntry() {
    JsonObject stored = new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "ok"))
        .add("garbage")
        .add(new JsonObject().put("role", "user")));
    assertEquals(List.of("ok"), contents(ContextWindow.fromJson(stored, ContextWindowSettings.defaults())));
    assertEquals(0, ContextWindow.fromJson(null, ContextWindowSettings.defaults()).size());
  }

  @Test
  void limitsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new ContextWindowSettings(5, 5, 0));
  }
}
