package dev.voicebridge.config;

import java.util.List;
import java.util.Objects;

/**
 * One tunable: its dotted path (e.g. {@code gateway.reconnect.maxDelayMs}), type, default, allowed values
 * and a one-line description. The schema built from these keys is the single source of truth for
 * {@code conf/bridge.json}, the environment overrides and {@code docs/configuration.md}.
 */
public record ConfigKey(
    String path,
    ConfigType type,
    Object defaultValue,
    String description,
    Double min,
    Double max,
    List<String> allowed,
    boolean secret) {

  public ConfigKey {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue of " + path);
    allowed = allowed == null ? List.of() : List.copyOf(allowed);
  }

  /** The section this key belongs to: the first path segment. */
  public String section() {
    return path.substring(0, path.indexOf('.'));
  }

  /**
   * The environment variable that overrides this key: {@code VOICE_BRIDGE_} followed by the path in
   * upper snake case, e.g. {@code gateway.reconnect.maxDelayMs} becomes
   * {@code VOICE_BRIDGE_GATEWAY_RECONNECT_MAX_DELAY_MS}.
   */
  public String envName() {
    StringBuilder sb = new StringBuilder("VOICE_BRIDGE_");
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(path.charAt(i - 1))) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }

  /** Human description of what values are accepted, used in error messages and docs. */
  public String allowedDescription() {
    if (!allowed.isEmpty()) {
      return "one of " + String.join(", ", allowed);
    }
    String base = switch (type) {
      case STRING -> "a string";
      case PATH -> "a file system path (~ expands to the home directory)";
      case INT -> "an integer";
      case DECIMAL -> "a number";
      case BOOLEAN -> "true or false";
    };
    if (min != null && max != null) {
      return base + " between " + format(min) + " and " + format(max);
    }
    if (min != null) {
      return base + " of at least " + format(min);
    }
    if (max != null) {
      return base + " of at most " + format(max);
    }
    return base;
  }

  private String format(double d) {
    return type == ConfigType.INT || d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
