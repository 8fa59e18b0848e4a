package dev.voicebridge.filter;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * First stage of the filter: removes model-internal blocks that are never spoken, wherever they appear
 * and however the stream is split: {@code <think>…</think>}, {@code <tool_call>…</tool_call>} and their
 * relatives. A stray closing tag is dropped; an unclosed block swallows the rest of the reply (a model
 * that never closes its thinking has said nothing speakable after it).
 *
 * <p>Streaming-safe: a {@code <} is held until enough characters arrived to tell whether it opens one of
 * these tags, so the output does not depend on where the deltas were split.
 */
final class TagBlockStripper {

  private static final List<String> TAGS = List.of("think", "thinking", "reasoning", "reflection",
      "tool_call", "tool_calls", "tool_result", "tool_response", "function_call", "function_result");
  private static final int LONGEST = TAGS.stream().mapToInt(String::length).max().orElse(0);
  /** Attributes of an opening tag ({@code <tool_call name="x">}) are tolerated up to this length. */
  private static final int MAX_TAG = 200;

  private final StringBuilder pending = new StringBuilder();
  private final Consumer<String> next;
  private String inside;

  TagBlockStripper(Consumer<String> next) {
    this.next = next;
  }

  void feed(CharSequence text) {
    pending.append(text);
    drain(false);
  }

  void finish() {
    drain(true);
  }

  private void drain(boolean eof) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (pos < pending.length()) {
      if (inside != null) {
        String close = "</" + inside + ">";
        int at = indexOfIgnoreCase(close, pos);
        if (at >= 0) {
          pos = at + close.length();
          inside = null;
          continue;
        }
        // Keep only a tail that could be the start of the closing tag; the rest is thinking, dropped.
        pos = eof ? pending.length() : Math.max(pos, pending.length() - close.length() + 1);
        break;
      }
      char c = pending.charAt(pos);
      if (c != '<') {
        out.append(c);
        pos++;
        continue;
      }
      int end = matchTag(pos, eof);
      if (end == NEED_MORE) {
        break;
      }
      if (end == NO_TAG) {
        out.append(c);
        pos++;
        continue;
      }
      pos = end;
    }
    pending.delete(0, pos);
    if (!out.isEmpty()) {
      next.accept(out.toString());
    }
  }

  private static final int NEED_MORE = -1;
  private static final int NO_TAG = -2;

  /** At a {@code <}: the index after a recognised tag (entering or leaving a block), or a code. */
  private int matchTag(int lt, boolean eof) {
    int i = lt + 1;
    boolean closing = i < pending.length() && pending.charAt(i) == '/';
    if (i >= pending.length()) {
      return eof ? NO_TAG : NEED_MORE;
    }
    if (closing) {
      i++;
    }
    int nameStart = i;
    while (i < pending.length() && (Character.isLetter(pending.charAt(i)) || pending.charAt(i) == '_')) {
      i++;
      if (i - nameStart > LONGEST) {
        return NO_TAG;
      }
    }
    if (i >= pending.length()) {
      return eof ? NO_TAG : NEED_MORE;
    }
    String name = pending.substring(nameStart, i).toLowerCase(Locale.ROOT);
    if (!TAGS.contains(name)) {
      return NO_TAG;
    }
    char after = pending.charAt(i);
    if (after != '>' && after != '/' && !Character.isWhitespace(after)) {
      return NO_TAG;
    }
    int gt = i;
    while (gt < pending.length() && pending.charAt(gt) != '>') {
      if (gt - lt > MAX_TAG) {
        return NO_TAG;
      }
      gt++;
    }
    if (gt >= pending.length()) {
      return eof ? NO_TAG : NEED_MORE;
    }
    boolean selfClosing = pending.charAt(gt - 1) == '/';
    if (!closing && !selfClosing) {
      inside = name;
    }
    return gt + 1;
  }

  private int indexOfIgnoreCase(String needle, int from) {
    return Chars.indexOfIgnoreCase(pending, needle, from);
  }
}
