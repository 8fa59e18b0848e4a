package dev.voicebridge.store;

import java.util.ArrayList;
import java.util.List;

/** Builds a safe FTS5 MATCH expression from free text a person typed. */
final class FtsQuery {

  private FtsQuery() {
  }

  /**
   * Every whitespace-separated chunk becomes a quoted phrase with a prefix star ({@code "word"*}); the
   * chunks are ANDed. Inside quotes FTS5 applies its own tokenizer, so "don't" or "3.14" match the way
   * the indexed text was split. Double quotes are doubled, which is FTS5's escape.
   */
  static String of(String text) {
    List<String> terms = new ArrayList<>();
    for (String chunk : text.trim().split("\\s+")) {
      boolean hasWordChar = chunk.codePoints().anyMatch(Character::isLetterOrDigit);
      if (hasWordChar) {
        terms.add("\"" + chunk.replace("\"", "\"\"") + "\"*");
      }
    }
    if (terms.isEmpty()) {
      throw StoreException.badRequest("search text \"" + text + "\" has no letters or digits to search for");
    }
    return String.join(" ", terms);
  }
}
