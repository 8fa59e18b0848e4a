package dev.voicebridge.session;

import dev.voicebridge.bus.MessageType;
import io.vertx.core.json.JsonArray;

/**
 * How a run ended, as the session records it: {@code outcome} FINAL, ERROR or INTERRUPT (aborted), the
 * text (the answer, the error message, or what had streamed before the abort), and the tool calls the run
 * made (may be null).
 */
public record Reply(String runId, MessageType outcome, String text, String stopReason, JsonArray toolCalls) {

  public Reply {
    text = text == null ? "" : text;
  }
}
