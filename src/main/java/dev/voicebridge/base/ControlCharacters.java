package dev.voicebridge.base;

/**
 * Text from outside (a reply, an announcement, a file) before it is printed to a terminal or given to a
 * speech engine: control characters (C0, DEL, C1) and invisible format characters (bidirectional overrides,
 * zero-width marks) are removed; newline and tab stay. Fed random bytes, a reply once came out with thousands
 * of ESC and NUL bytes — an escape sequence in a terminal, junk to the synthesiser.
 */
public final class ControlCharacters {

  private ControlCharacters() {
  }

  /** {@code text} without control and format characters (the same object when it has none). */
  public static String strip(String text) {
    if (text == null) {
      return null;
    }
    int i = 0;
    while (i < text.length() && !removed(text.charAt(i))) {
      i++;
    }
    if (i == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    out.append(text, 0, i);
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!removed(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean removed(char c) {
    if (c == '\n' || c == '\t') {
      return false;
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT;
  }
}
