package dev.voicebridge.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders docs/event-bus.md from {@link Addresses#CATALOGUE} and the message records, so the published
 * contract is exactly what the code sends. {@code java -jar voice-bridge.jar bus docs} prints it; a test
 * fails when the file in the repository differs.
 */
public final class EventBusDocs {

  private EventBusDocs() {
  }

  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Event-bus contract\n\n")
        .append("Generated from `dev.voicebridge.bus.Addresses` and its message records ")
        .append("(`java -jar target/voice-bridge.jar bus docs`); a test keeps this file in step with the code. ")
        .append("Addresses and shapes are the bridge's public API: other programs integrate by sending and ")
        .append("consuming these messages (same JVM, or a clustered event bus). Change them deliberately.\n\n")
        .append("Conventions:\n\n")
        .append("- Bodies are JSON objects. Fields that are absent or null are left out. Consumers ignore fields ")
        .append("they do not know, so adding a field is compatible; removing or renaming one is not.\n")
        .append("- Enumerations travel as lower-case words (RecoveryStatus in upper case).\n")
        .append("- Times are ISO-8601 UTC strings with milliseconds (`2026-11-24T06:37:01.123Z`); audio positions ")
        .append("are milliseconds since capture started.\n")
        .append("- A request that fails is replied with a failure code and a message for people: 400 bad request ")
        .append("(the body does not have the documented shape; the message names the field), 404 not found, ")
        .append("409 conflict, 500 failure of the serving component, 503 not available (e.g. the gateway is ")
        .append("disconnected), 504 no reply in time.\n")
        .append("- `audio.frame` carries raw PCM in a Buffer and is registered local-only: it never crosses a ")
        .append("clustered bus. Nothing of a device's own traffic does: on a clustered bus (satellites) every consumer is local, and only the `cluster.*` envelopes cross, each carrying an allow-listed address.\n\n");
    sb.append("| address | pattern | published / served by | what |\n|---|---|---|---|\n");
    for (Addresses.Spec s : Addresses.CATALOGUE) {
      sb.append("| [`").append(s.address()).append("`](#").append(anchor(s.address())).append(") | ")
          .append(s.pattern().name().toLowerCase(Locale.ROOT)).append(" | ").append(s.owner()).append(" | ")
          .append(s.summary()).append(" |\n");
    }
    for (Addresses.Spec s : Addresses.CATALOGUE) {
      sb.append("\n## ").append(s.address()).append("\n\n");
      sb.append(s.pattern() == Addresses.Pattern.REQUEST ? "Request/reply, served by "
              : s.pattern() == Addresses.Pattern.SEND ? "Sent by " : "Published by ")
          .append(s.owner()).append(": ").append(s.summary()).append(".\n");
      if (s.body() == null && s.address().startsWith("cluster.")) {
        sb.append("\nBody: the carried message's body, unchanged (a JSON object; a PCM Buffer for audio.frame, with ")
            .append("its `audioMs` header); headers `room` (the satellite's room) and `address` (the carried address). ")
            .append("Members of the cluster only: every connection is mutual TLS with the household's keys.\n");
      } else if (s.body() == null) {
        sb.append("\nBody: a Buffer of PCM16 little-endian samples, 16 kHz, mono; header `audioMs` (position of ")
            .append("the first sample; frames are whole milliseconds, so positions are exact), and `final: true` on ")
            .append("the last frame of a finite input (a file, stdin).\n");
      } else {
        sb.append("\nBody `").append(s.body().getSimpleName()).append("`:\n\n").append(fields(s.body()));
      }
      if (s.reply() != null) {
        sb.append("\nReply `").append(s.reply().getSimpleName()).append("`:\n\n").append(fields(s.reply()));
      } else if (s.pattern() == Addresses.Pattern.REQUEST && s.address().startsWith("cluster.")) {
        sb.append("\nReply: the carried request's reply, or its failure code and message, unchanged.\n");
      } else if (s.pattern() == Addresses.Pattern.REQUEST) {
        sb.append("\nReply: the gateway's JSON payload for the method, unchanged.\n");
      }
    }
    Set<Class<?>> nested = new LinkedHashSet<>();
    for (Addresses.Spec s : Addresses.CATALOGUE) {
      collectNested(s.body(), nested);
      collectNested(s.reply(), nested);
    }
    if (!nested.isEmpty()) {
      sb.append("\n## Shared shapes\n");
      for (Class<?> c : nested) {
        sb.append("\n### ").append(c.getSimpleName()).append("\n\n").append(fields(c));
      }
    }
    return sb.toString();
  }

  private static String fields(Class<?> type) {
    if (!type.isRecord() || type.getRecordComponents().length == 0) {
      return "`{}` (no fields)\n";
    }
    StringBuilder sb = new StringBuilder("| field | type |\n|---|---|\n");
    for (RecordComponent rc : type.getRecordComponents()) {
      sb.append("| `").append(rc.getName()).append("` | ").append(jsonType(rc.getGenericType())).append(" |\n");
    }
    return sb.toString();
  }

  private static String jsonType(Type t) {
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      return "array of " + jsonType(p.getActualTypeArguments()[0]);
    }
    Class<?> c = (Class<?>) t;
    if (c == String.class) {
      return "string";
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return "integer";
    }
    if (c == double.class || c == Double.class || c == float.class) {
      return "number";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "boolean";
    }
    if (c == JsonObject.class) {
      return "object";
    }
    if (c == JsonArray.class) {
      return "array";
    }
    if (c.isEnum()) {
      return "one of " + Arrays.stream(c.getEnumConstants()).map(e -> "`" + wire((Enum<?>) e) + "`")
          .collect(Collectors.joining(", "));
    }
    if (c.isRecord()) {
      return "[" + c.getSimpleName() + "](#" + c.getSimpleName().toLowerCase(Locale.ROOT) + ")";
    }
    return c.getSimpleName();
  }

  private static String wire(Enum<?> e) {
    try {
      return (String) e.getClass().getMethod("wire").invoke(e);
    } catch (ReflectiveOperationException ex) {
      return e.name().toLowerCase(Locale.ROOT);
    }
  }

  private static void collectNested(Class<?> type, Set<Class<?>> out) {
    if (type == null || !type.isRecord()) {
      return;
    }
    for (RecordComponent rc : type.getRecordComponents()) {
      Type g = rc.getGenericType();
      Class<?> c = g instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> arg ? arg
          : rc.getType();
      if (c.isRecord() && out.add(c)) {
        collectNested(c, out);
      }
    }
  }

  private static String anchor(String address) {
    return address.replace(".", "");
  }
}
