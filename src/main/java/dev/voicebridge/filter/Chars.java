package dev.voicebridge.filter;

/** Character tests and buffer helpers shared by the filter's streaming stages. */
final class Chars {

  private Chars() {
  }

  /** {@code text} holds {@code needle} at {@code at}, ignoring case (ASCII needles). */
  static boolean matchesAt(CharSequence text, int at, String needle) {
    if (at < 0 || at + needle.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < needle.length(); i++) {
      if (Character.toLowerCase(text.charAt(at + i)) != Character.toLowerCase(needle.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The characters available from {@code at} are a (case-insensitive) prefix of {@code needle}. */
  static boolean couldBecome(CharSequence text, int at, String needle) {
    int n = Math.min(needle.length(), text.length() - at);
    for (int i = 0; i < n; i++) {
      if (Character.toLowerCase(text.charAt(at + i)) != Character.toLowerCase(needle.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static int indexOfIgnoreCase(CharSequence text, String needle, int from) {
    for (int i = from; i + needle.length() <= text.length(); i++) {
      if (matchesAt(text, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  static boolean isBlankInline(char c) {
    return c == ' ' || c == '\t' || c == '\u00a0' || c == '\r';
  }

  static boolean isWordChar(int c) {
    return Character.isLetterOrDigit(c);
  }

  static boolean isAsciiPunctuation(char c) {
    return c < 128 && !Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && !Character.isISOControl(c);
  }

  /**
   * Emoji and pictographs, which a synthesiser either skips or reads by their long Unicode name
   * ("grinning face with smiling eyes"): never worth speaking. Also the joiners and selectors that glue
   * emoji sequences together.
   */
  static boolean isEmoji(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF) // mahjong .. symbols and pictographs extended-A, flags, emoticons
        || (cp >= 0x2600 && cp <= 0x27BF) // miscellaneous symbols, dingbats
        || (cp >= 0x2B00 && cp <= 0x2BFF) // arrows and stars used as emoji (⭐ ⬆)
        || (cp >= 0x2190 && cp <= 0x21FF) // arrows
        || (cp >= 0x2300 && cp <= 0x23FF) // technical: ⌚ ⏰ ⏳
        || (cp >= 0x25A0 && cp <= 0x25FF) // geometric shapes: ▶ ◀ ●
        || cp == 0x200D || cp == 0x20E3 || cp == 0xFE0F || cp == 0xFE0E
        || (cp >= 0xE0020 && cp <= 0xE007F) // tag sequences (subdivision flags)
        || cp == 0x00A9 || cp == 0x00AE || cp == 0x2122 // © ® ™ as emoji presentation
        || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
  }
}
