package dev.voicebridge.config;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Dotted-path access to nested JSON objects ({@code a.b.c}). */
final class JsonPaths {

  private JsonPaths() {
  }

  static void put(JsonObject root, String path, Object value) {
    String[] parts = path.split("\\.");
    JsonObject node = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonObject child = node.getJsonObject(parts[i]);
      if (child == null) {
        child = new JsonObject();
        node.put(parts[i], child);
      }
      node = child;
    }
    node.put(parts[parts.length - 1], value);
  }

  static Object get(JsonObject root, String path) {
    String[] parts = path.split("\\.");
    Object node = root;
    for (String part : parts) {
      if (!(node instanceof JsonObject obj)) {
        return null;
      }
      node = obj.getValue(part);
    }
    return node;
  }

  /** Flattens the leaves of a JSON tree into dotted paths; empty objects are kept as leaves. */
  static Map<String, Object> flatten(JsonObject root) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", root, out);
    return out;
  }

  private static void flatten(String prefix, JsonObject node, Map<String, Object> out) {
    for (Map.Entry<String, Object> e : node) {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue() instanceof JsonObject child && !child.isEmpty()) {
        flatten(path, child, out);
      } else {
        out.put(path, e.getValue());
      }
    }
  }
}
