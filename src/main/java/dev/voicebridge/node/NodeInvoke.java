package dev.voicebridge.node;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One {@code node.invoke.request} from the gateway: the command the agent (or another device) runs on this
 * node, its parameters (sent as a JSON string, {@code paramsJSON}, or null) and the time left to answer.
 * Pure parsing: a request that cannot be answered at all (no id) is empty; bad parameters are the
 * command's to refuse.
 */
record NodeInvoke(String id, String nodeId, String command, JsonObject params, long timeoutMs) {

  /** The gateway's own default budget when a caller gives none. */
  static final long DEFAULT_TIMEOUT_MS = 30_000;

  static Optional<NodeInvoke> of(JsonObject payload) {
    if (payload == null || !(payload.getValue("id") instanceof String id) || id.isBlank()) {
      return Optional.empty();
    }
    String nodeId = payload.getValue("nodeId") instanceof String n ? n : null;
    String command = payload.getValue("command") instanceof String c ? c : "";
    JsonObject params = parse(payload.getValue("paramsJSON"), payload.getValue("params"));
    long timeout = payload.getValue("timeoutMs") instanceof Number t && t.longValue() > 0 ? t.longValue()
        : DEFAULT_TIMEOUT_MS;
    return Optional.of(new NodeInvoke(id, nodeId, command, params, timeout));
  }

  /** paramsJSON is a string holding an object; null or absent means no parameters. Anything else is null. */
  private static JsonObject parse(Object json, Object plain) {
    if (json instanceof String s && !s.isBlank()) {
      try {
        Object v = io.vertx.core.json.Json.decodeValue(s);
        return v instanceof JsonObject o ? o : null;
      } catch (DecodeException e) {
        return null;
      }
    }
    if (plain instanceof JsonObject o) {
      return o;
    }
    return json == null && plain == null ? new JsonObject() : null;
  }

  /** How long this node may take: the budget less a margin for the answer to travel back. */
  long answerWithinMs() {
    return Math.max(200, timeoutMs - 750);
  }
}
