package dev.voicebridge.filter;

import dev.voicebridge.filter.MarkdownCleaner.Mode;

/**
 * The blocks that are never spoken, swallowed whole once {@link BlockScanner} has recognised them: fenced
 * code (announced once per reply by the code phrase), JSON blobs, and single lines (table rows, rules,
 * link definitions, and what follows a JSON blob on its last line). Each is a block of its own, so the
 * text before and after it never runs into one sentence.
 */
final class DroppedBlocks {

  private final PendingText text;
  private final SpokenText spoken;
  private final String codeBlockPhrase;
  private boolean codePhraseSaid;
  private char fenceChar;
  private int fenceLength;
  private int jsonDepth;
  private boolean jsonString;
  private boolean jsonEscape;

  DroppedBlocks(PendingText text, SpokenText spoken, String codeBlockPhrase) {
    this.text = text;
    this.spoken = spoken;
    this.codeBlockPhrase = codeBlockPhrase;
  }

  /** A fence of {@code length} times {@code c} opened; its code starts at {@code codeStart}. */
  Mode openFence(char c, int length, int codeStart) {
    spoken.endParagraph();
    if (!codePhraseSaid && !codeBlockPhrase.isBlank()) {
      codePhraseSaid = true; // a listener needs to hear that code was skipped, not how often
      spoken.emit(codeBlockPhrase);
      spoken.boundary();
    }
    fenceChar = c;
    fenceLength = length;
    text.moveTo(codeStart);
    return Mode.FENCE;
  }

  /** Inside a fence: whole lines are dropped until the closing fence. */
  Mode skipFenceLine() {
    int end = text.lineEnd(text.pos());
    if (end == PendingText.NEED) {
      return null;
    }
    String line = text.substring(text.pos(), end).strip();
    int run = 0;
    while (run < line.length() && line.charAt(run) == fenceChar) {
      run++;
    }
    text.moveTo(text.nextLine(end));
    return run >= fenceLength && run == line.length() ? Mode.LINE_START : Mode.FENCE;
  }

  /** A JSON blob starts at {@code from}. */
  Mode openJson(int from) {
    spoken.endParagraph();
    jsonDepth = 0;
    jsonString = false;
    jsonEscape = false;
    text.moveTo(from);
    return Mode.JSON;
  }

  /** Inside a JSON blob: drop characters until its brackets balance, then the rest of that line. */
  Mode skipJson() {
    while (text.hasMore()) {
      char c = text.charAt(text.pos());
      text.skip(1);
      if (jsonString) {
        if (jsonEscape) {
          jsonEscape = false;
        } else if (c == '\\') {
          jsonEscape = true;
        } else if (c == '"') {
          jsonString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> jsonString = true;
        case '{', '[' -> jsonDepth++;
        case '}', ']' -> {
          if (--jsonDepth <= 0) {
            return Mode.SKIP_LINE;
          }
        }
        default -> {
        }
      }
    }
    return null;
  }

  /** The line from {@code from} to its end is dropped. */
  Mode dropLine(int from) {
    spoken.endParagraph();
    text.moveTo(from);
    return Mode.SKIP_LINE;
  }

  /** Drops what is left of the line; its newline (or the reply's end) closes the dropped block. */
  Mode skipRestOfLine() {
    int end = text.lineEnd(text.pos());
    if (end == PendingText.NEED) {
      text.moveTo(text.length()); // dropped as it arrives; the mode stays until the newline
      return null;
    }
    text.moveTo(text.nextLine(end));
    spoken.endParagraph();
    return Mode.LINE_START;
  }
}
