package dev.voicebridge.gateway;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Encodes requests and decodes inbound frames of OpenClaw Gateway protocol v4 (text frames of JSON). */
public final class FrameCodec {

  private FrameCodec() {
  }

  public static String request(String id, String method, JsonObject params) {
    return new JsonObject().put("type", "req").put("id", id).put("method", method).put("params", params).encode();
  }

  public static GatewayFrame decode(String text) throws ProtocolException {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ProtocolException("malformed", "a frame is not a JSON object: " + excerpt(text));
    }
    Object type = json.getValue("type");
    if ("res".equals(type)) {
      if (!(json.getValue("id") instanceof String id) || !(json.getValue("ok") instanceof Boolean ok)) {
        throw new ProtocolException("bad-response", "a response without a string id and a boolean ok: "
            + excerpt(text));
      }
      JsonObject payload = json.getValue("payload") instanceof JsonObject p ? p : new JsonObject();
      GatewayError error = ok ? null : GatewayError.of(json.getValue("error") instanceof JsonObject e ? e
          : new JsonObject().put("code", "UNKNOWN").put("message", "failed response without an error object"));
      return new GatewayFrame.Response(id, ok, payload, error);
    }
    if ("event".equals(type)) {
      if (!(json.getValue("event") instanceof String name) || name.isEmpty()) {
        throw new ProtocolException("bad-event", "an event without a name: " + excerpt(text));
      }
      Object seq = json.getValue("seq");
      return new GatewayFrame.Event(name, json.getValue("payload") instanceof JsonObject p ? p : new JsonObject(),
          seq instanceof Number n ? n.longValue() : null);
    }
    // the type is the peer's text too: bounded like the rest (found by FrameCodecFuzzTest)
    throw new ProtocolException("unknown-type", "a frame of unknown type " + (type == null ? "(none)" : "\""
        + excerpt(String.valueOf(type)) + "\"") + " was ignored");
  }

  /** The start of a frame for a log line: enough to recognise it, never the whole (possibly huge) frame. */
  static String excerpt(String text) {
    // Cut before normalising: a malformed frame may be megabytes, and this runs on the event loop.
    String head = text.length() <= 240 ? text : text.substring(0, 240);
    String oneLine = head.replaceAll("\\s+", " ");
    return text.length() <= 120 && oneLine.length() <= 120 ? oneLine
        : (oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120)) + "… (" + text.length() + " chars)";
  }
}
