package dev.voicebridge.filter;

/**
 * Second stage of the filter: turns streamed markdown into plain speakable text, marking block
 * boundaries (paragraphs, headings, list items, dropped blocks) so the chunker never runs two blocks into
 * one sentence.
 *
 * <p>Dropped: fenced code (said once as {@link FilterSettings#codeBlockPhrase()}), tables, JSON blobs
 * (including OpenClaw's voice-directive first line), horizontal rules, link definitions, images, HTML
 * tags, {@code [[tts:…]]} directives, emoji, and inline code that is not word-like. Stripped to their text:
 * emphasis, headings, list markers, block quotes, {@code [text](url)} links. Bare URLs become their host
 * name, a phrase or nothing ({@link FilterSettings#urls()}).
 *
 * <p>Streaming-safe by construction: every decision is a function of the text, never of where the deltas
 * were split. When a decision needs characters that have not arrived (is this {@code `} the start of a
 * fence? where does this URL end?), the stage stops and waits; at the end of the reply the missing
 * lookahead is the end of the text. Markdown constructs never span lines except fences and JSON blobs,
 * so the wait is at most to the end of the current line.
 *
 * <p>This class is the state machine; the work is done by its parts: {@link PendingText} (the unprocessed
 * input and its lookahead), {@link BlockScanner} (what a line is), {@link DroppedBlocks} (fences, JSON
 * blobs, dropped lines), {@link InlineScanner} and {@link LinkScanner} (inside a line), and
 * {@link SpokenText} (the output, its boundaries and paragraphs).
 */
final class MarkdownCleaner {

  /** Where the cleaned text goes: text, and boundaries no sentence may cross. */
  interface Sink {
    void text(CharSequence text);

    void boundary();
  }

  /**
   * Where the cleaner is. Each step of a part consumes some input and returns the mode to go on in, or
   * {@code null} when it needs text that has not arrived: the mode then stays, and the next feed resumes it.
   */
  enum Mode {
    /** Before a line's first character, which decides what the line is. */
    LINE_START,
    /** Inside a line of spoken text. */
    IN_LINE,
    /** Inside fenced code, up to its closing fence. */
    FENCE,
    /** Inside a JSON blob, until its brackets balance. */
    JSON,
    /** Dropping the rest of a line. */
    SKIP_LINE
  }

  private final PendingText pending = new PendingText();
  private final SpokenText spoken;
  private final BlockScanner blocks;
  private final DroppedBlocks dropped;
  private final InlineScanner inline;
  private Mode mode = Mode.LINE_START;

  MarkdownCleaner(FilterSettings settings, Sink sink) {
    spoken = new SpokenText(sink);
    dropped = new DroppedBlocks(pending, spoken, settings.codeBlockPhrase());
    blocks = new BlockScanner(pending, spoken, dropped);
    inline = new InlineScanner(pending, spoken, new LinkScanner(pending, spoken, settings));
  }

  void feed(CharSequence text) {
    pending.append(text);
    run();
  }

  void finish() {
    pending.end();
    run();
    spoken.flush();
  }

  private void run() {
    while (pending.hasMore()) {
      Mode next = switch (mode) {
        case LINE_START -> blocks.startLine();
        case IN_LINE -> inline.step();
        case FENCE -> dropped.skipFenceLine();
        case JSON -> dropped.skipJson();
        case SKIP_LINE -> dropped.skipRestOfLine();
      };
      if (next == null) {
        break;
      }
      mode = next;
    }
    spoken.flush();
    pending.compact();
  }
}
