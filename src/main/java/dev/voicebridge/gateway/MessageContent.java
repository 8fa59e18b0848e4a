package dev.voicebridge.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Text of an OpenClaw message {@code content}: either a plain string or a list of parts, of which the
 * {@code text} parts are joined (tool calls, images and thinking are not text a person reads).
 */
public final class MessageContent {

  private MessageContent() {
  }

  public static String text(Object content) {
    if (content instanceof String s) {
      return s;
    }
    if (!(content instanceof JsonArray parts)) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String s) {
        sb.append(s);
      } else if (part instanceof JsonObject p && "text".equals(p.getValue("type")) && p.getValue("text") instanceof String t) {
        sb.append(t);
      }
    }
    return sb.toString();
  }

  /** The text of a message object {@code {role, content}}; empty when it has none. */
  public static String ofMessage(Object message) {
    return message instanceof JsonObject m ? text(m.getValue("content")) : "";
  }
}
