package dev.voicebridge.filter;

import dev.voicebridge.filter.MarkdownCleaner.Mode;
import dev.voicebridge.filter.SpokenText.LineKind;

/**
 * Decides at the start of each line what the line is, from its first characters: a blank line (a
 * paragraph break), a block quote, a heading, a list item or prose, whose markers are dropped and whose
 * text is left to {@link InlineScanner}; or fenced code, a JSON blob, a table row, a rule or a link
 * definition, which are handed to {@link DroppedBlocks}.
 */
final class BlockScanner {

  private final PendingText text;
  private final SpokenText spoken;
  private final DroppedBlocks dropped;

  BlockScanner(PendingText text, SpokenText spoken, DroppedBlocks dropped) {
    this.text = text;
    this.spoken = spoken;
    this.dropped = dropped;
  }

  /** The step at a line's start: the mode the line is read in, or null until its kind can be told. */
  Mode startLine() {
    int i = text.skipBlank(text.pos());
    int c = text.at(i);
    if (c < 0) {
      return null;
    }
    if (c == '\n') {
      text.moveTo(text.nextLine(i));
      if (i < text.length()) {
        spoken.endParagraph();
      }
      return Mode.LINE_START;
    }
    switch (c) {
      case '>' -> {
        text.moveTo(i + 1); // a block quote is spoken like any text: drop the marker, classify the rest
        return Mode.LINE_START;
      }
      case '`', '~' -> {
        return maybeFence(i, (char) c);
      }
      case '#' -> {
        return maybeHeading(i);
      }
      case '|' -> {
        return dropped.dropLine(i);
      }
      case '-', '*', '+', '_', '=', ':' -> {
        return ruleOrItem(i, (char) c);
      }
      case '{', '[' -> {
        return switch (JsonStart.at(text, i)) {
          case WAIT -> null;
          case JSON -> dropped.openJson(i);
          case TEXT -> c == '[' ? linkDefinition(i) : beginText(i, LineKind.PROSE);
        };
      }
      default -> {
        if (Character.isDigit(c)) {
          return maybeOrderedItem(i);
        }
        return beginText(i, LineKind.PROSE);
      }
    }
  }

  /** The rest of the line is spoken, starting at {@code from}. */
  private Mode beginText(int from, LineKind kind) {
    spoken.beginLine(kind);
    text.moveTo(from);
    return Mode.IN_LINE;
  }

  private Mode maybeFence(int i, char c) {
    int j = text.runEnd(i, c);
    if (text.mayGrow(j)) {
      return null;
    }
    int run = j - i;
    if (run < 3) {
      return beginText(i, LineKind.PROSE);
    }
    int end = text.lineEnd(j);
    if (end == PendingText.NEED) {
      return null;
    }
    if (c == '`' && text.substring(j, end).indexOf('`') >= 0) {
      return beginText(i, LineKind.PROSE); // ```inline``` on one line is inline code, not a fence
    }
    return dropped.openFence(c, run, text.nextLine(end));
  }

  private Mode maybeHeading(int i) {
    int j = text.runEnd(i, '#');
    int after = text.at(j);
    if (after < 0) {
      return null;
    }
    if (j - i > 6 || !(after == ' ' || after == '\t' || after == '\n')) {
      return beginText(i, LineKind.PROSE); // #hashtag, C# ...
    }
    return beginText(j, LineKind.HEADING);
  }

  /** Lines made of - * _ = : | only are rules, setext underlines or table separators; "- x" is an item. */
  private Mode ruleOrItem(int i, char c) {
    int j = i;
    int same = 0;
    boolean pipe = false;
    while (j < text.length() && "-*_=:| \t".indexOf(text.charAt(j)) >= 0) {
      same += text.charAt(j) == c ? 1 : 0;
      pipe |= text.charAt(j) == '|';
      j++;
    }
    int end = text.at(j);
    if (end < 0) {
      return null;
    }
    if (end == '\n' && (pipe || same >= 3 || c == '=')) {
      return dropped.dropLine(i);
    }
    int next = text.at(i + 1);
    if (next < 0) {
      return null; // "+" alone so far: an item marker if a blank follows (found by ReplyFilterFuzzTest)
    }
    if ((c == '-' || c == '*' || c == '+') && (next == ' ' || next == '\t')) {
      // an item of an item of an item written on one line ("- - - deep"): every marker goes
      int from = i + 2;
      while (true) {
        int at = text.skipBlank(from);
        int m = text.at(at);
        int after = text.at(at + 1);
        if (m < 0 || ((m == '-' || m == '*' || m == '+') && after < 0)) {
          return null; // the rest of the markers has not arrived yet
        }
        if ((m == '-' || m == '*' || m == '+') && (after == ' ' || after == '\t')) {
          from = at + 2;
        } else {
          break;
        }
      }
      return beginText(from, LineKind.ITEM);
    }
    return beginText(i, LineKind.PROSE);
  }

  private Mode maybeOrderedItem(int i) {
    int j = i;
    while (j < text.length() && Character.isDigit(text.charAt(j)) && j - i < 4) {
      j++;
    }
    if (text.mayGrow(j)) {
      return null;
    }
    int marker = text.at(j);
    if (j - i > 3 || (marker != '.' && marker != ')')) {
      return beginText(i, LineKind.PROSE); // 2024. is a year, 3.14 a number
    }
    int space = text.at(j + 1);
    if (space < 0) {
      return null;
    }
    if (space == ' ' || space == '\t') {
      return beginText(j + 2, LineKind.ITEM);
    }
    return beginText(i, LineKind.PROSE);
  }

  /** A line opening with a bracket that is not JSON: [label]: http://... is a link definition, never spoken. */
  private Mode linkDefinition(int i) {
    int close = text.findInLine(']', i + 1);
    if (close == PendingText.NEED) {
      return null;
    }
    if (close != PendingText.NONE) {
      int colon = text.at(close + 1);
      if (colon < 0) {
        return null;
      }
      if (colon == ':' && text.at(close + 2) != '[') {
        return dropped.dropLine(i);
      }
    }
    return beginText(i, LineKind.PROSE);
  }
}
