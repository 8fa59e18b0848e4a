package dev.voicebridge.session;

import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.gateway.MessageContent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the user turns the store still waits on with the gateway's {@code chat.history} and says what
 * recovery must do: replies that finished while the bridge was away (to store), turns the gateway never
 * got or lost (to send again with their idempotency key), and tool results that arrived meanwhile.
 *
 * <p>Messages are matched as the gateway writes them: a user message carries the turn's idempotency key
 * ({@code <key>:user}); the assistant messages after it (until another person's message) answer it,
 * including those of a run the gateway started itself to continue the turn after a gateway restart (its
 * prompt is an {@code internal_system} user message). An assistant message naming one of our runs
 * answers that run's turn wherever it is. The last such message with text is the answer; a
 * {@code stopReason} of {@code error} makes it an error.
 */
public final class HistoryReconciler {

  private HistoryReconciler() {
  }

  /** A result the gateway recorded for a tool call. */
  public record ToolOutcome(String toolCallId, boolean isError, String text) {
  }

  /** What recovery should do. */
  public record Plan(Map<TurnView, Reply> replies, List<TurnView> resend, Map<String, ToolOutcome> toolResults,
      boolean runActive) {
  }

  /**
   * @param history     the chat.history payload
   * @param waiting     user turns stored PENDING or SENT, in turn order
   */
  public static Plan plan(JsonObject history, List<TurnView> waiting) {
    Map<String, TurnView> byKey = new HashMap<>();
    Map<String, TurnView> byRun = new HashMap<>();
    for (TurnView t : waiting) {
      if (t.idempotencyKey() != null) {
        byKey.put(t.idempotencyKey(), t);
      }
      if (t.runId() != null) {
        byRun.put(t.runId(), t);
      }
    }
    Map<TurnView, Reply> replies = new LinkedHashMap<>();
    Map<String, ToolOutcome> tools = new LinkedHashMap<>();
    TurnView current = null;
    JsonArray messages = history.getValue("messages") instanceof JsonArray a ? a : new JsonArray();
    for (Object o : messages) {
      if (!(o instanceof JsonObject m)) {
        continue;
      }
      JsonObject meta = m.getValue("__openclaw") instanceof JsonObject x ? x : new JsonObject();
      String role = string(m, "role");
      if ("user".equals(role)) {
        String key = stripSuffix(firstNonNull(string(m, "idempotencyKey"), string(meta, "idempotencyKey")), ":user");
        if (key != null && byKey.containsKey(key)) {
          current = byKey.get(key);
        } else if (!isInternal(m)) {
          current = null;
        }
      } else if ("assistant".equals(role)) {
        String runId = string(meta, "runId");
        TurnView target = runId == null ? null : byRun.getOrDefault(runId, byKey.get(runId));
        target = target != null ? target : current;
        Reply reply = reply(m, meta, runId);
        if (target != null && reply != null) {
          replies.put(target, reply);
        }
      } else if ("toolResult".equals(role) && m.getValue("toolCallId") instanceof String callId) {
        tools.put(callId, new ToolOutcome(callId, Boolean.TRUE.equals(m.getValue("isError")),
            MessageContent.text(m.getValue("content"))));
      }
    }
    boolean active = runActive(history);
    List<TurnView> resend = new ArrayList<>();
    for (TurnView t : waiting) {
      if (replies.containsKey(t)) {
        continue;
      }
      // A PENDING turn may never have reached the gateway; a SENT one whose run is gone (the gateway
      // restarted and did not continue it) is lost unless sent again. The same idempotency key makes a
      // second send harmless when the gateway does still know the turn.
      if (t.delivery() == Delivery.PENDING || (t.delivery() == Delivery.SENT && !active)) {
        resend.add(t);
      }
    }
    return new Plan(replies, resend, tools, active);
  }

  private static Reply reply(JsonObject m, JsonObject meta, String runId) {
    if (runId == null) {
      return null;
    }
    String stop = string(m, "stopReason");
    String text = MessageContent.text(m.getValue("content"));
    if ("toolUse".equals(stop) || (text.isBlank() && !"error".equals(stop))) {
      return null;
    }
    MessageType outcome = "error".equals(stop) ? MessageType.ERROR
        : abortedFragment(m, meta) ? MessageType.INTERRUPT : MessageType.FINAL;
    return new Reply(runId, outcome, text, stop, null);
  }

  /** The gateway stores what had streamed before an abort as an injected message keyed {@code <run>:assistant}. */
  private static boolean abortedFragment(JsonObject m, JsonObject meta) {
    String key = firstNonNull(string(m, "idempotencyKey"), string(meta, "idempotencyKey"));
    return "gateway-injected".equals(string(m, "model")) && key != null && key.endsWith(":assistant");
  }

  private static boolean isInternal(JsonObject m) {
    return m.getValue("provenance") instanceof JsonObject p && "internal_system".equals(p.getValue("kind"));
  }

  /** Whether the gateway is still running something in the session (its events will still arrive). */
  static boolean runActive(JsonObject history) {
    if (history.getValue("inFlightRun") instanceof JsonObject) {
      return true;
    }
    if (history.getValue("sessionInfo") instanceof JsonObject info) {
      if (info.getValue("activeRunIds") instanceof JsonArray ids) {
        return !ids.isEmpty();
      }
      return Boolean.TRUE.equals(info.getValue("hasActiveRun"));
    }
    return false;
  }

  private static String string(JsonObject o, String field) {
    return o.getValue(field) instanceof String s ? s : null;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static String stripSuffix(String s, String suffix) {
    return s != null && s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }
}
