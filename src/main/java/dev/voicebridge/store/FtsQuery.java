package dev.voicebridge.store;


/** Builds a safe FTS5 MATCH expression from free text a person typed. */
final class FtsQuery {

  /**
   * Every term is a prefix scan of the index: a search repeating one word 20,000 times took 23 s. Repeats
   * are dropped (all terms must match anyway), and a person's search has a few words, not hundreds.
   */
  static final int MAX_TERMS = 32;

  private FtsQuery() {
  }

  /**
   * Every whitespace-separated chunk becomes a quoted phrase with a prefix star ({@code "word"*}); the
   * chunks are ANDed. Inside quotes FTS5 applies its own tokenizer, so "don't" or "3.14" match the way
   * the indexed text was split. Double quotes are doubled, which is FTS5's escape.
   */
  static String of(String text) {
    java.util.Set<String> terms = new java.util.LinkedHashSet<>();
    for (String chunk : text.trim().split("\\s+")) {
      boolean hasWordChar = chunk.codePoints().anyMatch(Character::isLetterOrDigit);
      if (hasWordChar) {
        terms.add("\"" + chunk.replace("\"", "\"\"") + "\"*");
      }
    }
    if (terms.size() > MAX_TERMS) {
      throw StoreException.badRequest("search text has " + terms.size() + " different words: at most " + MAX_TERMS);
    }
    if (terms.isEmpty()) {
      throw StoreException.badRequest("search text \"" + text + "\" has no letters or digits to search for");
    }
    return String.join(" ", terms);
  }
}
