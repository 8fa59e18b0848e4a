package dev.voicebridge.node;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@code system.notify} says aloud: its title and body as one announcement ("Reminder. Take the
 * bread out of the oven."). A body that already starts with the title is said once; priority and delivery
 * do not change what a voice device does (it has no banner to choose), so they are not read. Pure.
 */
final class Announcement {

  private Announcement() {
  }

  /** The text to speak, or empty when the notification has none (refused as the OpenClaw apps refuse it). */
  static Optional<String> text(JsonObject params) {
    if (params == null) {
      return Optional.empty();
    }
    String title = field(params, "title");
    String body = field(params, "body");
    if (title.isEmpty()) {
      return body.isEmpty() ? Optional.empty() : Optional.of(body);
    }
    if (body.isEmpty() || body.toLowerCase(Locale.ROOT).startsWith(title.toLowerCase(Locale.ROOT))) {
      return Optional.of(body.isEmpty() ? title : body);
    }
    boolean ends = title.matches(".*[.!?:;]$");
    return Optional.of(title + (ends ? " " : ". ") + body);
  }

  private static String field(JsonObject params, String name) {
    return params.getValue(name) instanceof String s ? s.strip() : "";
  }
}
