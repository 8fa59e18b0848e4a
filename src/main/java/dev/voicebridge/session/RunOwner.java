package dev.voicebridge.session;

import dev.voicebridge.bus.StoreMessages.TurnView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The user turn a gateway run answers, and the tool calls the run has made so far (they are stored with
 * the assistant turn when the run ends).
 */
final class RunOwner {

  private final TurnView userTurn;
  private final JsonArray toolCalls = new JsonArray();

  RunOwner(TurnView userTurn) {
    this.userTurn = userTurn;
  }

  TurnView userTurn() {
    return userTurn;
  }

  String sessionUuid() {
    return userTurn.sessionUuid();
  }

  void addToolCall(String toolCallId, String name, JsonObject args) {
    for (Object o : toolCalls) {
      if (o instanceof JsonObject call && toolCallId.equals(call.getString("id"))) {
        return;
      }
    }
    JsonObject call = new JsonObject().put("id", toolCallId).put("name", name);
    if (args != null) {
      call.put("arguments", args);
    }
    toolCalls.add(call);
  }

  /** The calls made, or null when there were none (the column stays empty). */
  JsonArray toolCallsOrNull() {
    return toolCalls.isEmpty() ? null : toolCalls.copy();
  }
}
