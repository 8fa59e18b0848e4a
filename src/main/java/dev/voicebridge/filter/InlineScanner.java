package dev.voicebridge.filter;

import dev.voicebridge.filter.MarkdownCleaner.Mode;

/**
 * Speaks the inside of a line, one construct per step: plain text (emoji dropped), backslash escapes,
 * inline code when it reads like words, emphasis markers (dropped, but {@code ~5} is "about 5" and
 * {@code 2 * 3} "2 times 3"), HTML entities, stray table pipes; links, images, tags and URLs go to
 * {@link LinkScanner}. The line's newline hands the next line back to {@link BlockScanner}.
 */
final class InlineScanner {

  private final PendingText text;
  private final SpokenText spoken;
  private final LinkScanner links;

  InlineScanner(PendingText text, SpokenText spoken, LinkScanner links) {
    this.text = text;
    this.spoken = spoken;
    this.links = links;
  }

  /** One step inside the line: the mode to go on in, or null to wait for more text. */
  Mode step() {
    char c = text.charAt(text.pos());
    if (c == '\n') {
      spoken.endLine();
      text.skip(1);
      return Mode.LINE_START;
    }
    return scan(c) ? Mode.IN_LINE : null;
  }

  /** Handles the construct starting with {@code c}; false when that needs text that has not arrived. */
  private boolean scan(char c) {
    switch (c) {
      case '\\' -> {
        return escape();
      }
      case '`' -> {
        return inlineCode();
      }
      case '*', '_', '~' -> {
        return emphasis(c);
      }
      case '[' -> {
        return links.bracket();
      }
      case '!' -> {
        return orPlain(links.image(), c);
      }
      case '<' -> {
        return orPlain(links.angle(), c);
      }
      case '&' -> {
        return entity();
      }
      case '|' -> {
        text.skip(1); // a stray cell separator
        spoken.emit(" ");
        return true;
      }
      default -> {
        return orPlain(links.url(c), c);
      }
    }
  }

  /** What {@link LinkScanner} found, and {@code c} as plain text where it found nothing. */
  private boolean orPlain(LinkScanner.Result result, char c) {
    return result == LinkScanner.Result.PLAIN ? plain(c) : result == LinkScanner.Result.DONE;
  }

  /** The character at the cursor, {@code c}, is spoken as itself, unless it is (part of) an emoji. */
  private boolean plain(char c) {
    int cp = c;
    if (Character.isHighSurrogate(c)) {
      if (text.pos() + 1 >= text.length()) {
        if (!text.ended()) {
          return false; // its low surrogate may be on its way
        }
        text.skip(1);
        return true;
      }
      cp = text.codePointAt(text.pos());
    }
    text.skip(Character.charCount(cp));
    if (!Chars.isEmoji(cp)) {
      spoken.emit(cp);
    }
    return true;
  }

  private boolean escape() {
    int next = text.at(text.pos() + 1);
    if (next < 0) {
      return false;
    }
    if (next != '\n' && Chars.isAsciiPunctuation((char) next)) {
      spoken.emit(String.valueOf((char) next));
      text.skip(2);
    } else {
      text.skip(1); // a lone backslash (or a hard line break) says nothing
    }
    return true;
  }

  /** `code`: kept when it reads like words (a name, a short command), otherwise dropped. */
  private boolean inlineCode() {
    int j = text.runEnd(text.pos(), '`');
    if (text.at(j) < 0) {
      return false;
    }
    int run = j - text.pos();
    int close = j;
    while (true) {
      close = text.findInLine('`', close);
      if (close == PendingText.NEED) {
        return false;
      }
      if (close == PendingText.NONE) {
        text.moveTo(j); // no closing run on this line: the backticks were literal, drop them
        return true;
      }
      int k = text.runEnd(close, '`');
      if (text.mayGrow(k)) {
        return false;
      }
      if (k - close == run) {
        String code = text.substring(j, close).strip();
        if (InlineCode.isWordLike(code)) {
          spoken.emit(InlineCode.speakable(code));
        }
        text.moveTo(k);
        return true;
      }
      close = k;
    }
  }

  private boolean emphasis(char c) {
    int start = text.pos();
    int j = text.runEnd(start, c);
    int next = text.at(j);
    if (next < 0) {
      return false;
    }
    int run = j - start;
    if (c == '~') {
      text.moveTo(j);
      if (run == 1 && Character.isDigit(next)) {
        spoken.emit("about ");
      } else if (run == 1 && next == '/') {
        spoken.emit("~"); // a home directory path
      }
      return true;
    }
    if (c == '_' && Chars.isWordChar(spoken.lastOut()) && Chars.isWordChar(next)) {
      text.moveTo(j);
      spoken.emit("_"); // inside a word (snake_case, NO_REPLY): kept for the sentence stage
      return true;
    }
    if (c == '*' && run == 1 && Character.isWhitespace(spoken.lastOut()) && (next == ' ' || next == '\t')
        && Character.isDigit(spoken.lastNonSpaceOut())) {
      int afterSpace = text.at(text.skipBlank(j));
      if (afterSpace < 0) {
        return false; // 2 * 3 or 2 * x: the star waits for what follows the space
      }
      if (Character.isDigit(afterSpace)) {
        spoken.emit("times");
      }
    }
    text.moveTo(j);
    return true; // emphasis markers are not spoken
  }

  private boolean entity() {
    int pos = text.pos();
    int semi = PendingText.NONE;
    for (int i = pos + 1; i < pos + 10; i++) {
      int c = text.at(i);
      if (c < 0) {
        return false;
      }
      if (c == ';') {
        semi = i;
        break;
      }
      if (!(Character.isLetterOrDigit(c) || c == '#')) {
        break;
      }
    }
    String value = semi == PendingText.NONE ? null : HtmlEntities.decode(text.substring(pos + 1, semi));
    if (value == null) {
      return plain('&');
    }
    text.moveTo(semi + 1);
    // the entity's text is spoken as it is, never read as markup again
    if (value.codePoints().noneMatch(Chars::isEmoji)) {
      spoken.emit(value);
    }
    return true;
  }
}
