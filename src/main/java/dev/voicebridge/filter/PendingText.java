package dev.voicebridge.filter;

/**
 * The markdown {@link MarkdownCleaner} has received but not yet cleaned, with a cursor at the next character
 * to decide on. Every lookahead goes through here, so "this has not arrived yet" is answered in one place:
 * {@link #NEED} (or {@code -1} from {@link #at}) until the reply ends, and from then on the missing text
 * reads as the end of a line, which settles every construct still open.
 *
 * <p>Nothing looks behind the cursor, which is why {@link #compact} may drop what it has passed.
 */
final class PendingText {

  /** The answer depends on characters that have not arrived: wait for more text. */
  static final int NEED = -2;
  /** There is no such thing on this line. */
  static final int NONE = -1;

  private final StringBuilder in = new StringBuilder();
  private int pos;
  private boolean eof;

  void append(CharSequence text) {
    in.append(text);
  }

  /** The reply ended: what has not arrived never will. */
  void end() {
    eof = true;
  }

  boolean ended() {
    return eof;
  }

  /** Forgets what the cursor has passed, so the buffer holds only the undecided tail. */
  void compact() {
    in.delete(0, pos);
    pos = 0;
  }

  boolean hasMore() {
    return pos < in.length();
  }

  int pos() {
    return pos;
  }

  void moveTo(int i) {
    pos = i;
  }

  void skip(int count) {
    pos += count;
  }

  /** How much has arrived: indexes below this are readable with {@link #charAt}. */
  int length() {
    return in.length();
  }

  char charAt(int i) {
    return in.charAt(i);
  }

  int codePointAt(int i) {
    return Character.codePointAt(in, i);
  }

  String substring(int from, int to) {
    return in.substring(from, to);
  }

  /**
   * Replaces the text from the cursor to {@code end} with {@code replacement}, which is then scanned like
   * any text: a link becomes its label, and emphasis or a URL inside that label is still handled.
   */
  void rewrite(int end, String replacement) {
    in.replace(pos, end, replacement);
  }

  /** The character at {@code i}, '\n' past the end at eof, or -1 when it has not arrived. */
  int at(int i) {
    return i < in.length() ? in.charAt(i) : eof ? '\n' : -1;
  }

  /** A run that stops at {@code end} may still grow: it reached the end of what arrived, and more may come. */
  boolean mayGrow(int end) {
    return end == in.length() && !eof;
  }

  /** Where the line after the one ending at {@code end} starts (at eof the last line has no newline). */
  int nextLine(int end) {
    return Math.min(end + 1, in.length());
  }

  /** End of the current line (index of its newline, or of the text's end at eof), or NEED. */
  int lineEnd(int from) {
    int nl = in.indexOf("\n", from);
    return nl >= 0 ? nl : eof ? in.length() : NEED;
  }

  /** The first index from {@code from} that is not a blank inside the line (or the end of what arrived). */
  int skipBlank(int from) {
    int i = from;
    while (i < in.length() && Chars.isBlankInline(in.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The end of the run of {@code c} that starts at {@code from} (or the end of what arrived). */
  int runEnd(int from, char c) {
    int i = from;
    while (i < in.length() && in.charAt(i) == c) {
      i++;
    }
    return i;
  }

  /** Index of {@code target} in the current line from {@code from}; NONE at the line's end; NEED if unknown yet. */
  int findInLine(char target, int from) {
    for (int i = from; i < in.length(); i++) {
      char c = in.charAt(i);
      if (c == target) {
        return i;
      }
      if (c == '\n') {
        return NONE;
      }
    }
    return eof ? NONE : NEED;
  }

  /** Index of {@code needle} in the current line from {@code from}; NONE at the line's end; NEED if unknown yet. */
  int indexInLine(String needle, int from) {
    for (int i = from; i < in.length(); i++) {
      if (in.charAt(i) == '\n') {
        return NONE;
      }
      if (i + needle.length() > in.length()) {
        return eof ? NONE : NEED;
      }
      if (Chars.matchesAt(in, i, needle)) {
        return i;
      }
    }
    return eof ? NONE : NEED;
  }

  /** The index of the bracket closing the one at {@code open} on this line (nesting counted), NONE or NEED. */
  int matching(int open, char opening, char closing) {
    int depth = 0;
    for (int i = open; i < in.length(); i++) {
      char c = in.charAt(i);
      if (c == '\n') {
        return NONE;
      }
      if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i;
      }
    }
    return eof ? NONE : NEED;
  }

  /** The text at the cursor starts with {@code prefix}, ignoring case. */
  boolean startsWith(String prefix) {
    return Chars.matchesAt(in, pos, prefix);
  }

  /** Too little has arrived at the cursor to tell, but what has could still become {@code prefix}. */
  boolean mayBecome(String prefix) {
    return Chars.couldBecome(in, pos, prefix) && in.length() - pos < prefix.length();
  }
}
