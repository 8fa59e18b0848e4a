package dev.voicebridge.filter;

import java.util.Locale;

/**
 * Links and their relatives inside a line, spoken as a listener can use them: {@code [text](url)} and
 * {@code [text][ref]} by their text; images, HTML tags, {@code [[…]]} directives, footnote markers and task
 * boxes not at all; {@code <https://…>} autolinks and bare URLs by their host name, a phrase or nothing
 * ({@link FilterSettings#urls()}).
 */
final class LinkScanner {

  /** What a scan at the cursor found. */
  enum Result {
    /** The construct was consumed, or rewritten into text that is scanned again. */
    DONE,
    /** Nothing of the kind: the character at the cursor is plain text. */
    PLAIN,
    /** Cannot tell before more text arrives. */
    WAIT
  }

  private static final String[] URL_PREFIXES = {"https://", "http://", "www."};

  private final PendingText text;
  private final SpokenText spoken;
  private final FilterSettings settings;

  LinkScanner(PendingText text, SpokenText spoken, FilterSettings settings) {
    this.text = text;
    this.spoken = spoken;
    this.settings = settings;
  }

  /**
   * [text](url), [text][ref] → text; [[directive]], [^1], [x] task boxes → nothing. False when that needs
   * text that has not arrived; a bracket that opens nothing is dropped, so there is no plain case.
   */
  boolean bracket() {
    int pos = text.pos();
    int next = text.at(pos + 1);
    if (next < 0) {
      return false;
    }
    if (next == '[') {
      int close = text.indexInLine("]]", pos + 2);
      if (close == PendingText.NEED) {
        return false;
      }
      text.moveTo(close == PendingText.NONE ? pos + 2 : close + 2);
      return true;
    }
    int close = text.matching(pos, '[', ']');
    if (close == PendingText.NEED) {
      return false;
    }
    if (close == PendingText.NONE) {
      text.skip(1);
      return true;
    }
    String label = text.substring(pos + 1, close);
    int destination = destinationEnd(close);
    if (destination == PendingText.NEED) {
      return false;
    }
    if (destination != PendingText.NONE) {
      text.rewrite(destination + 1, label);
      return true;
    }
    if (text.at(close + 1) == '[') {
      int ref = text.findInLine(']', close + 2);
      if (ref == PendingText.NEED) {
        return false;
      }
      if (ref != PendingText.NONE) {
        text.rewrite(ref + 1, label);
        return true;
      }
    }
    String trimmed = label.strip();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("x") || trimmed.startsWith("^")
        || trimmed.chars().allMatch(Character::isDigit)) {
      text.moveTo(close + 1); // task box, footnote reference, citation number
      return true;
    }
    text.rewrite(close + 1, label);
    return true;
  }

  /** ![alt](src): an image says nothing. */
  Result image() {
    int next = text.at(text.pos() + 1);
    if (next < 0) {
      return Result.WAIT;
    }
    if (next != '[') {
      return Result.PLAIN;
    }
    int close = text.matching(text.pos() + 1, '[', ']');
    if (close == PendingText.NEED) {
      return Result.WAIT;
    }
    if (close == PendingText.NONE) {
      return Result.PLAIN;
    }
    int destination = destinationEnd(close);
    if (destination == PendingText.NEED) {
      return Result.WAIT;
    }
    if (destination == PendingText.NONE) {
      return Result.PLAIN;
    }
    text.moveTo(destination + 1);
    return Result.DONE;
  }

  /**
   * Behind a label whose {@code ]} is at {@code close}: the {@code )} that ends a {@code (destination)}
   * right after it; NONE when no destination follows, NEED when the input ends before that is known.
   */
  private int destinationEnd(int close) {
    int after = text.at(close + 1);
    if (after < 0) {
      return PendingText.NEED;
    }
    return after == '(' ? text.matching(close + 1, '(', ')') : PendingText.NONE;
  }

  /** HTML tags are dropped, {@code <br>} is a space, {@code <https://…>} autolinks are URLs. */
  Result angle() {
    int pos = text.pos();
    int next = text.at(pos + 1);
    if (next < 0) {
      return Result.WAIT;
    }
    if (!(Character.isLetter(next) || next == '/' || next == '!')) {
      return Result.PLAIN;
    }
    int close = text.findInLine('>', pos + 1);
    if (close == PendingText.NEED) {
      return Result.WAIT;
    }
    if (close == PendingText.NONE) {
      return Result.PLAIN;
    }
    String tag = text.substring(pos + 1, close);
    String lower = tag.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      text.rewrite(close + 1, tag);
      spoken.wordBreak();
      return Result.DONE;
    }
    if (lower.startsWith("mailto:")) {
      text.rewrite(close + 1, tag.substring(7));
      return Result.DONE;
    }
    text.moveTo(close + 1);
    spoken.emit(" "); // <br>, </p>, <summary>: a tag separates words even when nothing else does
    return Result.DONE;
  }

  /** A bare URL at the cursor, whose first character is {@code c}: its spoken form is emitted. */
  Result url(char c) {
    int last = spoken.lastOut();
    if (!(c == 'h' || c == 'H' || c == 'w' || c == 'W') || Chars.isWordChar(last) || last == '/' || last == '.'
        || last == '@') {
      return Result.PLAIN; // a URL starts a word: not the "www." inside a path or an address
    }
    boolean maybe = false;
    int prefix = 0;
    for (String p : URL_PREFIXES) {
      if (text.startsWith(p)) {
        prefix = p.length();
        break;
      }
      maybe |= text.mayBecome(p);
    }
    if (prefix == 0) {
      return maybe && !text.ended() ? Result.WAIT : Result.PLAIN;
    }
    int pos = text.pos();
    int end = pos + prefix;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))
        && "<>\"`|".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    if (text.mayGrow(end)) {
      return Result.WAIT;
    }
    String raw = Urls.trimTrailingPunctuation(text.substring(pos, end));
    if (raw.length() <= prefix) {
      return Result.PLAIN;
    }
    text.skip(raw.length());
    switch (settings.urls()) {
      case HOST -> {
        String host = Urls.host(raw);
        spoken.emit(Urls.speakableHost(host) ? host : settings.urlPhrase());
      }
      case PHRASE -> spoken.emit(settings.urlPhrase());
      case SILENT -> {
      }
    }
    return Result.DONE;
  }
}
