package dev.voicebridge.filter;

/**
 * Tells whether a line that opens with a brace or a bracket starts a JSON blob (OpenClaw's
 * voice-directive first line, a tool result pasted into the reply) rather than text: {@code [text](url)},
 * a {@code [ ]} task box, a {@code [[tts:…]]} directive, braces in prose. Objects and arrays are judged in
 * one place by the few characters after the opener, so the two rules cannot drift apart.
 */
final class JsonStart {

  enum Verdict { JSON, TEXT, WAIT }

  private JsonStart() {
  }

  /** The verdict for the line whose opening brace or bracket is at {@code open}. */
  static Verdict at(PendingText text, int open) {
    int j = text.skipBlank(open + 1);
    int next = text.at(j);
    if (next < 0) {
      return Verdict.WAIT;
    }
    if (next == '"' || next == '\n') {
      return Verdict.JSON; // a key or a string first, or the opener alone on its line
    }
    if (text.charAt(open) == '{') {
      return next == '}' ? Verdict.JSON : Verdict.TEXT;
    }
    if (next == '{') {
      return Verdict.JSON; // an array of objects
    }
    if (next != '[') {
      return Verdict.TEXT;
    }
    int inner = text.at(j + 1);
    if (inner < 0) {
      return Verdict.WAIT;
    }
    // [[1, 2], ...] is an array of arrays; [[tts:...]] directives are dropped inline
    return Character.isLetter(inner) || inner == '/' ? Verdict.TEXT : Verdict.JSON;
  }
}
