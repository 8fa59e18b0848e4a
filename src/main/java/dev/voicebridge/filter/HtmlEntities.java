package dev.voicebridge.filter;

import java.util.Locale;
import java.util.Map;

/**
 * The HTML entities models actually write ({@code &amp;amp;}, {@code &amp;mdash;}, {@code &amp;#39;}…),
 * and decimal character references, turned back into the characters they stand for.
 */
final class HtmlEntities {

  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
      Map.entry("apos", "'"), Map.entry("#39", "'"), Map.entry("nbsp", " "), Map.entry("mdash", "—"),
      Map.entry("ndash", "–"), Map.entry("hellip", "…"), Map.entry("rsquo", "’"), Map.entry("lsquo", "‘"),
      Map.entry("rdquo", "”"), Map.entry("ldquo", "“"), Map.entry("deg", "°"), Map.entry("euro", "€"));

  private HtmlEntities() {
  }

  /**
   * The text of the entity named {@code name} (between {@code &} and {@code ;}); empty for a number that is
   * no character; null when it is not an entity this knows, and the {@code &} is just text.
   */
  static String decode(String name) {
    String value = NAMED.get(name.toLowerCase(Locale.ROOT));
    if (value == null && name.matches("#[0-9]{1,7}")) {
      int cp = Integer.parseInt(name.substring(1));
      value = Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
    }
    return value;
  }
}
