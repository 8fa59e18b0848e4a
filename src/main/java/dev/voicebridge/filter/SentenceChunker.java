package dev.voicebridge.filter;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Third stage of the filter: cuts clean text into sentences as soon as each one is complete.
 *
 * <p>A sentence ends at {@code . ! ? …} followed by whitespace, a block boundary or the end of the reply,
 * but not after an abbreviation ({@code Dr.}, {@code e.g.}, {@code U.S.}), an initial ({@code J. K.}),
 * inside a number ({@code 3.14}, {@code 1.2.3}), or when the next word starts in lower case (an
 * abbreviation we do not know, an ellipsis inside a sentence). CJK full stops end a sentence at once.
 * A sentence that grows past {@code maxChars} without ending is cut at its last clause boundary (comma,
 * semicolon, colon, dash), else at its last space.
 *
 * <p>Like the other stages it decides only on characters it has, waiting for the next ones when the
 * decision depends on them, so the output does not depend on how the input was split. Boundaries arrive
 * as {@code '\n'} in the input (the cleaner turns real newlines into spaces or boundaries).
 */
final class SentenceChunker {

  /** Abbreviations that never end a sentence when followed by more text. Lower case, without the last dot. */
  private static final Set<String> ABBREVIATIONS = Set.of(
      // titles and words that are followed by a name or a number, hardly ever by a sentence's end
      "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "cf", "approx", "ca", "fig", "figs", "vol",
      "dept", "gen", "lt", "col", "capt", "sgt", "rev", "hon", "incl", "esp", "resp", "univ",
      // German, French, Spanish
      "bzw", "vgl", "ggf", "evtl", "mme", "mlle", "sra", "srta", "dra", "ud", "uds");

  private final int maxChars;
  private final Consumer<String> out;
  private final StringBuilder in = new StringBuilder();
  private final StringBuilder sentence = new StringBuilder();
  private int pos;
  private boolean eof;

  SentenceChunker(int maxChars, Consumer<String> out) {
    this.maxChars = maxChars;
    this.out = out;
  }

  void text(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      in.append(c == '\n' ? ' ' : c);
    }
    run();
  }

  void boundary() {
    in.append('\n');
    run();
  }

  void finish() {
    eof = true;
    run();
    flush();
  }

  private void run() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == '\n') {
        flush();
        pos++;
      } else if (Character.isWhitespace(c) || c == '\u00a0') {
        if (!sentence.isEmpty() && sentence.charAt(sentence.length() - 1) != ' ') {
          sentence.append(' ');
        }
        pos++;
      } else if (isTerminator(c)) {
        if (!terminator()) {
          break;
        }
      } else {
        sentence.append(c);
        pos++;
        checkLength();
      }
    }
    in.delete(0, pos);
    pos = 0;
  }

  /** At a terminator: consumes it (ending the sentence or not); false when the next characters are needed. */
  private boolean terminator() {
    int j = pos;
    while (j < in.length() && isTerminator(in.charAt(j))) {
      j++;
    }
    while (j < in.length() && isCloser(in.charAt(j))) {
      j++;
    }
    if (j == in.length() && !eof) {
      return false;
    }
    String run = in.substring(pos, j);
    Boolean ends = endsSentence(run, j);
    if (ends == null) {
      return false;
    }
    sentence.append(run);
    pos = j;
    if (ends) {
      flush();
    } else {
      checkLength();
    }
    return true;
  }

  /** Whether the terminator run ending before {@code next} ends the sentence; null when unknown yet. */
  private Boolean endsSentence(String run, int next) {
    if (run.chars().anyMatch(SentenceChunker::isFullWidthTerminator)) {
      return true;
    }
    if (next == in.length() || in.charAt(next) == '\n') {
      return true; // end of text (at eof) or a block boundary
    }
    if (!Character.isWhitespace(in.charAt(next))) {
      return false; // 3.14, example.com, v1.2.3, "?!" already in the run
    }
    int k = next;
    while (k < in.length() && in.charAt(k) != '\n' && Character.isWhitespace(in.charAt(k))) {
      k++;
    }
    if (k == in.length()) {
      return eof ? Boolean.TRUE : null;
    }
    char following = in.charAt(k);
    if (following == '\n') {
      return true;
    }
    if (run.indexOf('!') >= 0 || run.indexOf('?') >= 0) {
      return true;
    }
    // After a full stop or an ellipsis a new sentence starts with a capital (or an uncased script's
    // letter) or an opening quote or bracket; a lower-case word, a digit or a dash continues the sentence.
    boolean ellipsis = run.indexOf('…') >= 0 || run.chars().filter(ch -> ch == '.').count() >= 2;
    boolean opening = "\"'“‘„«¿¡([".indexOf(following) >= 0;
    if (!(opening || (Character.isLetter(following) && !Character.isLowerCase(following)))) {
      return false;
    }
    return ellipsis || !isAbbreviation(lastToken());
  }

  private String lastToken() {
    int end = sentence.length();
    int start = end;
    while (start > 0 && !Character.isWhitespace(sentence.charAt(start - 1))) {
      start--;
    }
    String token = sentence.substring(start, end);
    int first = 0;
    while (first < token.length() && !Character.isLetterOrDigit(token.charAt(first))) {
      first++;
    }
    return token.substring(first);
  }

  static boolean isAbbreviation(String token) {
    if (token.isEmpty()) {
      return false;
    }
    if (token.length() == 1 && Character.isUpperCase(token.charAt(0))) {
      return true; // an initial: J. R. R. Tolkien
    }
    if (token.matches("(\\p{L}\\.)+\\p{L}")) {
      String lower = token.toLowerCase(Locale.ROOT);
      return !lower.equals("a.m") && !lower.equals("p.m"); // U.S., e.g., i.e., z.B. — but "at 5 p.m. Then"
    }
    return ABBREVIATIONS.contains(token.toLowerCase(Locale.ROOT));
  }

  /** A sentence too long to wait for its end is cut at its last clause boundary. */
  private void checkLength() {
    if (sentence.length() <= maxChars) {
      return;
    }
    int cut = -1;
    for (int i = sentence.length() - 2; i >= maxChars / 3; i--) {
      char c = sentence.charAt(i);
      boolean clause = ",;:—–".indexOf(c) >= 0 || (c == '-' && i > 0 && sentence.charAt(i - 1) == ' ');
      if (clause && sentence.charAt(i + 1) == ' ') {
        cut = i + 1;
        break;
      }
    }
    if (cut < 0) {
      cut = sentence.lastIndexOf(" ");
    }
    if (cut <= 0) {
      cut = sentence.length();
    }
    String head = sentence.substring(0, cut);
    sentence.delete(0, cut);
    while (!sentence.isEmpty() && sentence.charAt(0) == ' ') {
      sentence.deleteCharAt(0);
    }
    emit(head);
  }

  private void flush() {
    emit(sentence.toString());
    sentence.setLength(0);
  }

  private void emit(String text) {
    String s = text.strip();
    if (!s.isEmpty()) {
      out.accept(s);
    }
  }

  static boolean isTerminator(char c) {
    return c == '.' || c == '!' || c == '?' || c == '…' || isFullWidthTerminator(c) || c == '‼' || c == '⁉';
  }

  private static boolean isFullWidthTerminator(int c) {
    return c == '。' || c == '！' || c == '？' || c == '｡' || c == '।' || c == '॥' || c == '؟' || c == '۔';
  }

  private static boolean isCloser(char c) {
    // directly after a full stop an opening-looking quote closes: German „…“ and ‚…‘
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == '”' || c == '’' || c == '“' || c == '‘'
        || c == '»' || c == '«' || c == '」'
        || c == '』' || c == '）';
  }
}
