package dev.voicebridge.filter;

/**
 * The output side of {@link MarkdownCleaner}: gathers the cleaned text for the sink, passes on the
 * boundaries no sentence may cross, and joins the lines of a paragraph with a space while a heading or a
 * list item stays a block of its own.
 *
 * <p>It also remembers the last characters said, because some inline decisions depend on them: a
 * {@code _} inside a word is kept, a {@code *} between two numbers is "times", a URL only starts a word.
 */
final class SpokenText {

  /** What a line is, as far as joining it to its neighbours goes. */
  enum LineKind { PROSE, HEADING, ITEM }

  private final MarkdownCleaner.Sink sink;
  private final StringBuilder out = new StringBuilder();
  private LineKind lineKind = LineKind.PROSE;
  private boolean lineHasText;
  private boolean previousLineText;
  private int lastOut = ' ';
  private int lastNonSpaceOut = ' ';

  SpokenText(MarkdownCleaner.Sink sink) {
    this.sink = sink;
  }

  void emit(CharSequence s) {
    if (s.isEmpty()) {
      return;
    }
    out.append(s);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      lastOut = c;
      if (!Character.isWhitespace(c)) {
        lastNonSpaceOut = c;
        lineHasText = true;
      }
    }
  }

  void emit(int codePoint) {
    emit(new String(Character.toChars(codePoint)));
  }

  /** The last character said, ' ' after a boundary. */
  int lastOut() {
    return lastOut;
  }

  /** The last character said that is not a space, ' ' after a boundary. */
  int lastNonSpaceOut() {
    return lastNonSpaceOut;
  }

  /** What comes next starts a word though nothing was said: the URL of an autolink right after a word. */
  void wordBreak() {
    lastOut = ' ';
  }

  void boundary() {
    flush();
    sink.boundary();
    lastOut = ' ';
    lastNonSpaceOut = ' ';
  }

  /** A boundary that also ends the paragraph: the next line of prose is not joined to the last one. */
  void endParagraph() {
    boundary();
    previousLineText = false;
  }

  /** The spoken part of a line starts; a heading or list item is its own block, prose continues the paragraph. */
  void beginLine(LineKind kind) {
    if (kind != LineKind.PROSE) {
      boundary();
    } else if (previousLineText) {
      emit(" "); // a soft line break inside a paragraph
    }
    lineKind = kind;
    lineHasText = false;
  }

  /** The line begun by {@link #beginLine} reached its newline. */
  void endLine() {
    if (lineKind == LineKind.HEADING) {
      endParagraph();
    } else {
      // a line that said nothing (only an emoji, say) does not end the paragraph it is in
      previousLineText = lineHasText || (previousLineText && lineKind == LineKind.PROSE);
    }
  }

  /** Hands what was said so far to the sink. */
  void flush() {
    if (!out.isEmpty()) {
      sink.text(out.toString());
      out.setLength(0);
    }
  }
}
