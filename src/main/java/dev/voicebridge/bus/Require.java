package dev.voicebridge.bus;

/** Checks used by the message records' compact constructors, so a malformed message fails when decoded. */
public final class Require {

  private Require() {
  }

  public static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("\"" + field + "\" is required");
    }
    return value;
  }

  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("\"" + field + "\" is required");
    }
    return value;
  }

  public static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new IllegalArgumentException("\"" + field + "\" must be at least " + min + ", got " + value);
    }
    return value;
  }
}
