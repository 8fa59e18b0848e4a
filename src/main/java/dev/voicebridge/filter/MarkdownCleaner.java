package dev.voicebridge.filter;

import java.util.Locale;
import java.util.Map;

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
 */
final class MarkdownCleaner {

  /** Where the cleaned text goes: text, and boundaries no sentence may cross. */
  interface Sink {
    void text(CharSequence text);

    void boundary();
  }

  private enum Block { INLINE, FENCE, JSON, SKIP_LINE }

  private enum LineKind { PROSE, HEADING, ITEM }

  private static final int NEED = -2;
  private static final int NONE = -1;

  private static final Map<String, String> ENTITIES = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
      Map.entry("apos", "'"), Map.entry("#39", "'"), Map.entry("nbsp", " "), Map.entry("mdash", "—"),
      Map.entry("ndash", "–"), Map.entry("hellip", "…"), Map.entry("rsquo", "’"), Map.entry("lsquo", "‘"),
      Map.entry("rdquo", "”"), Map.entry("ldquo", "“"), Map.entry("deg", "°"), Map.entry("euro", "€"));

  private final FilterSettings settings;
  private final Sink sink;
  private final StringBuilder in = new StringBuilder();
  private final StringBuilder out = new StringBuilder();
  private int pos;
  private boolean eof;

  private Block block = Block.INLINE;
  private boolean lineStart = true;
  private LineKind lineKind = LineKind.PROSE;
  private boolean lineHasText;
  private boolean previousLineText;
  private char fenceChar;
  private int fenceLength;
  private int jsonDepth;
  private boolean jsonString;
  private boolean jsonEscape;
  private int lastOut = ' ';
  private int lastNonSpaceOut = ' ';
  private boolean codePhraseSaid;

  MarkdownCleaner(FilterSettings settings, Sink sink) {
    this.settings = settings;
    this.sink = sink;
  }

  void feed(CharSequence text) {
    in.append(text);
    run();
  }

  void finish() {
    eof = true;
    run();
    flushOut();
  }

  private void run() {
    while (pos < in.length()) {
      boolean progressed = switch (block) {
        case FENCE -> fence();
        case JSON -> json();
        case SKIP_LINE -> skipLine();
        case INLINE -> lineStart ? startLine() : inline();
      };
      if (!progressed) {
        break;
      }
    }
    flushOut();
    in.delete(0, pos);
    pos = 0;
  }

  // ---- output ----------------------------------------------------------------------------------------

  private void emit(CharSequence s) {
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

  private void emit(int codePoint) {
    emit(new String(Character.toChars(codePoint)));
  }

  private void boundary() {
    flushOut();
    sink.boundary();
    lastOut = ' ';
    lastNonSpaceOut = ' ';
  }

  private void flushOut() {
    if (!out.isEmpty()) {
      sink.text(out.toString());
      out.setLength(0);
    }
  }

  // ---- lookahead helpers -----------------------------------------------------------------------------

  /** Index of {@code target} in the current line from {@code from}; NONE at the line's end; NEED if unknown yet. */
  private int findInLine(char target, int from) {
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

  /** End of the current line (index of its newline, or of the text's end at eof), or NEED. */
  private int lineEnd(int from) {
    int nl = in.indexOf("\n", from);
    return nl >= 0 ? nl : eof ? in.length() : NEED;
  }

  /** The character at {@code i}, '\n' past the end at eof, or -1 when it has not arrived. */
  private int at(int i) {
    return i < in.length() ? in.charAt(i) : eof ? '\n' : -1;
  }

  // ---- blocks ----------------------------------------------------------------------------------------

  private boolean startLine() {
    int i = pos;
    while (i < in.length() && Chars.isBlankInline(in.charAt(i))) {
      i++;
    }
    int c = at(i);
    if (c < 0) {
      return false;
    }
    lineKind = LineKind.PROSE;
    if (c == '\n') {
      pos = Math.min(i + 1, in.length());
      if (i < in.length()) {
        paragraphBreak();
      }
      return true;
    }
    switch (c) {
      case '>' -> {
        pos = i + 1; // a block quote is spoken like any text: drop the marker, classify the rest
        return true;
      }
      case '`', '~' -> {
        return maybeFence(i, (char) c);
      }
      case '#' -> {
        return maybeHeading(i);
      }
      case '|' -> {
        return skipFrom(i);
      }
      case '-', '*', '+', '_', '=', ':' -> {
        return ruleOrItem(i, (char) c);
      }
      case '{' -> {
        return maybeJson(i);
      }
      case '[' -> {
        return bracketLine(i);
      }
      default -> {
        if (Character.isDigit(c)) {
          return maybeOrderedItem(i);
        }
        return beginText(i);
      }
    }
  }

  private void paragraphBreak() {
    boundary();
    previousLineText = false;
  }

  /** The rest of the line is prose (or the text of a heading or list item) starting at {@code from}. */
  private boolean beginText(int from) {
    if (lineKind != LineKind.PROSE) {
      boundary();
    } else if (previousLineText) {
      emit(" "); // a soft line break inside a paragraph
    }
    pos = from;
    lineStart = false;
    lineHasText = false;
    return true;
  }

  private boolean skipFrom(int from) {
    boundary();
    previousLineText = false;
    pos = from;
    lineStart = false;
    block = Block.SKIP_LINE;
    return true;
  }

  private boolean maybeFence(int i, char c) {
    int j = i;
    while (j < in.length() && in.charAt(j) == c) {
      j++;
    }
    if (j == in.length() && !eof) {
      return false;
    }
    int run = j - i;
    if (run < 3) {
      return beginText(i);
    }
    int end = lineEnd(j);
    if (end == NEED) {
      return false;
    }
    if (c == '`' && in.substring(j, end).indexOf('`') >= 0) {
      return beginText(i); // ```inline``` on one line is inline code, not a fence
    }
    boundary();
    previousLineText = false;
    if (!codePhraseSaid && !settings.codeBlockPhrase().isBlank()) {
      codePhraseSaid = true;
      emit(settings.codeBlockPhrase());
      boundary();
    }
    fenceChar = c;
    fenceLength = run;
    block = Block.FENCE;
    pos = Math.min(end + 1, in.length());
    lineStart = true;
    return true;
  }

  /** Inside a fence: whole lines are dropped until the closing fence. */
  private boolean fence() {
    int end = lineEnd(pos);
    if (end == NEED) {
      return false;
    }
    String line = in.substring(pos, end).strip();
    int run = 0;
    while (run < line.length() && line.charAt(run) == fenceChar) {
      run++;
    }
    if (run >= fenceLength && run == line.length()) {
      block = Block.INLINE;
      lineStart = true;
    }
    pos = Math.min(end + 1, in.length());
    return true;
  }

  private boolean maybeHeading(int i) {
    int j = i;
    while (j < in.length() && in.charAt(j) == '#') {
      j++;
    }
    int after = at(j);
    if (after < 0) {
      return false;
    }
    if (j - i > 6 || !(after == ' ' || after == '\t' || after == '\n')) {
      return beginText(i); // #hashtag, C# ...
    }
    lineKind = LineKind.HEADING;
    return beginText(j);
  }

  /** Lines made of - * _ = : | only are rules, setext underlines or table separators; "- x" is an item. */
  private boolean ruleOrItem(int i, char c) {
    int j = i;
    int same = 0;
    boolean pipe = false;
    while (j < in.length() && "-*_=:| \t".indexOf(in.charAt(j)) >= 0) {
      same += in.charAt(j) == c ? 1 : 0;
      pipe |= in.charAt(j) == '|';
      j++;
    }
    int end = at(j);
    if (end < 0) {
      return false;
    }
    if (end == '\n' && (pipe || same >= 3 || c == '=')) {
      return skipFrom(i);
    }
    int next = at(i + 1);
    if ((c == '-' || c == '*' || c == '+') && (next == ' ' || next == '\t')) {
      lineKind = LineKind.ITEM;
      return beginText(i + 2);
    }
    return beginText(i);
  }

  private boolean maybeOrderedItem(int i) {
    int j = i;
    while (j < in.length() && Character.isDigit(in.charAt(j)) && j - i < 4) {
      j++;
    }
    if (j == in.length() && !eof) {
      return false;
    }
    int marker = at(j);
    if (j - i > 3 || (marker != '.' && marker != ')')) {
      return beginText(i); // 2024. is a year, 3.14 a number
    }
    int space = at(j + 1);
    if (space < 0) {
      return false;
    }
    if (space == ' ' || space == '\t') {
      lineKind = LineKind.ITEM;
      return beginText(j + 2);
    }
    return beginText(i);
  }

  /** A line opening with a brace followed by a quote, a closing brace or a newline is a JSON blob. */
  private boolean maybeJson(int i) {
    int j = i + 1;
    while (j < in.length() && Chars.isBlankInline(in.charAt(j))) {
      j++;
    }
    int next = at(j);
    if (next < 0) {
      return false;
    }
    if (next == '"' || next == '}' || next == '\n') {
      boundary();
      previousLineText = false;
      block = Block.JSON;
      jsonDepth = 0;
      jsonString = false;
      jsonEscape = false;
      pos = i;
      lineStart = false;
      return true;
    }
    return beginText(i);
  }

  private boolean bracketLine(int i) {
    int j = i + 1;
    while (j < in.length() && Chars.isBlankInline(in.charAt(j))) {
      j++;
    }
    int next = at(j);
    if (next < 0) {
      return false;
    }
    if (next == '[') {
      int inner = at(j + 1);
      if (inner < 0) {
        return false;
      }
      if (!(Character.isLetter(inner) || inner == '/')) {
        return maybeJsonArray(i); // [[1, 2], ...]; [[tts:...]] directives are dropped inline
      }
    } else if (next == '{' || next == '"' || next == '\n') {
      return maybeJsonArray(i);
    }
    // [label]: http://... is a link definition: never spoken
    int close = findInLine(']', i + 1);
    if (close == NEED) {
      return false;
    }
    if (close != NONE) {
      int colon = at(close + 1);
      if (colon < 0) {
        return false;
      }
      if (colon == ':' && at(close + 2) != '[') {
        return skipFrom(i);
      }
    }
    return beginText(i);
  }

  private boolean maybeJsonArray(int i) {
    boundary();
    previousLineText = false;
    block = Block.JSON;
    jsonDepth = 0;
    jsonString = false;
    jsonEscape = false;
    pos = i;
    lineStart = false;
    return true;
  }

  /** Inside a JSON blob: drop characters until its brackets balance, then the rest of that line. */
  private boolean json() {
    while (pos < in.length()) {
      char c = in.charAt(pos++);
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
            block = Block.SKIP_LINE;
            return true;
          }
        }
        default -> {
        }
      }
    }
    return false;
  }

  private boolean skipLine() {
    int end = lineEnd(pos);
    if (end == NEED) {
      pos = in.length();
      return false;
    }
    pos = Math.min(end + 1, in.length());
    block = Block.INLINE;
    lineStart = true;
    previousLineText = false;
    boundary();
    return true;
  }

  // ---- inline ----------------------------------------------------------------------------------------

  private boolean inline() {
    char c = in.charAt(pos);
    switch (c) {
      case '\n' -> {
        endLine();
        pos++;
        return true;
      }
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
        return bracket();
      }
      case '!' -> {
        return image();
      }
      case '<' -> {
        return angle();
      }
      case '&' -> {
        return entity();
      }
      case '|' -> {
        pos++; // a stray cell separator
        emit(" ");
        return true;
      }
      default -> {
        if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && !Chars.isWordChar(lastOut) && lastOut != '/'
            && lastOut != '.' && lastOut != '@') {
          int r = url();
          if (r != NONE) {
            return r != NEED;
          }
        }
        return plain(c);
      }
    }
  }

  private boolean plain(char c) {
    if (Character.isHighSurrogate(c)) {
      if (pos + 1 >= in.length()) {
        if (!eof) {
          return false;
        }
        pos++;
        return true;
      }
      int cp = Character.codePointAt(in, pos);
      pos += Character.charCount(cp);
      if (!Chars.isEmoji(cp)) {
        emit(cp);
      }
      return true;
    }
    pos++;
    if (!Chars.isEmoji(c)) {
      emit(String.valueOf(c));
    }
    return true;
  }

  private void endLine() {
    if (lineKind == LineKind.HEADING) {
      boundary();
      previousLineText = false;
    } else {
      // a line that said nothing (only an emoji, say) does not end the paragraph it is in
      previousLineText = lineHasText || (previousLineText && lineKind == LineKind.PROSE);
    }
    lineStart = true;
  }

  private boolean escape() {
    int next = at(pos + 1);
    if (next < 0) {
      return false;
    }
    if (next != '\n' && Chars.isAsciiPunctuation((char) next)) {
      emit(String.valueOf((char) next));
      pos += 2;
    } else {
      pos++; // a lone backslash (or a hard line break) says nothing
    }
    return true;
  }

  /** `code`: kept when it reads like words (a name, a short command), otherwise dropped. */
  private boolean inlineCode() {
    int j = pos;
    while (j < in.length() && in.charAt(j) == '`') {
      j++;
    }
    if (at(j) < 0) {
      return false;
    }
    int run = j - pos;
    int close = j;
    while (true) {
      close = findInLine('`', close);
      if (close == NEED) {
        return false;
      }
      if (close == NONE) {
        pos = j; // no closing run on this line: the backticks were literal, drop them
        return true;
      }
      int k = close;
      while (k < in.length() && in.charAt(k) == '`') {
        k++;
      }
      if (k == in.length() && !eof) {
        return false;
      }
      if (k - close == run) {
        String code = in.substring(j, close).strip();
        if (InlineCode.isWordLike(code)) {
          emit(InlineCode.speakable(code));
        }
        pos = k;
        return true;
      }
      close = k;
    }
  }

  private boolean emphasis(char c) {
    int j = pos;
    while (j < in.length() && in.charAt(j) == c) {
      j++;
    }
    int next = at(j);
    if (next < 0) {
      return false;
    }
    int run = j - pos;
    pos = j;
    if (c == '~') {
      if (run == 1 && Character.isDigit(next)) {
        emit("about ");
      } else if (run == 1 && next == '/') {
        emit("~"); // a home directory path
      }
      return true;
    }
    if (c == '_' && Chars.isWordChar(lastOut) && Chars.isWordChar(next)) {
      emit("_"); // inside a word (snake_case, NO_REPLY): kept for the sentence stage
      return true;
    }
    if (c == '*' && run == 1 && Character.isWhitespace(lastOut) && (next == ' ' || next == '\t')
        && Character.isDigit(lastNonSpaceOut)) {
      int k = j;
      while (k < in.length() && Chars.isBlankInline(in.charAt(k))) {
        k++;
      }
      int afterSpace = at(k);
      if (afterSpace < 0) {
        pos -= run;
        return false;
      }
      if (Character.isDigit(afterSpace)) {
        emit("times");
      }
    }
    return true; // emphasis markers are not spoken
  }

  /** [text](url), [text][ref] → text; [[directive]], [^1], [x] task boxes → nothing. */
  private boolean bracket() {
    int next = at(pos + 1);
    if (next < 0) {
      return false;
    }
    if (next == '[') {
      int close = indexInLine("]]", pos + 2);
      if (close == NEED) {
        return false;
      }
      pos = close == NONE ? pos + 2 : close + 2;
      return true;
    }
    int close = matching(pos, '[', ']');
    if (close == NEED) {
      return false;
    }
    if (close == NONE) {
      pos++;
      return true;
    }
    String label = in.substring(pos + 1, close);
    int destination = destinationEnd(close);
    if (destination == NEED) {
      return false;
    }
    if (destination != NONE) {
      in.replace(pos, destination + 1, label);
      return true;
    }
    if (at(close + 1) == '[') {
      int ref = findInLine(']', close + 2);
      if (ref == NEED) {
        return false;
      }
      if (ref != NONE) {
        in.replace(pos, ref + 1, label);
        return true;
      }
    }
    String trimmed = label.strip();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("x") || trimmed.startsWith("^")
        || trimmed.chars().allMatch(Character::isDigit)) {
      pos = close + 1; // task box, footnote reference, citation number
      return true;
    }
    in.replace(pos, close + 1, label);
    return true;
  }

  /** ![alt](src): an image says nothing. */
  private boolean image() {
    int next = at(pos + 1);
    if (next < 0) {
      return false;
    }
    if (next != '[') {
      return plain('!');
    }
    int close = matching(pos + 1, '[', ']');
    if (close == NEED) {
      return false;
    }
    if (close == NONE) {
      return plain('!');
    }
    int destination = destinationEnd(close);
    if (destination == NEED) {
      return false;
    }
    if (destination == NONE) {
      return plain('!');
    }
    pos = destination + 1;
    return true;
  }

  /**
   * Behind a label whose {@code ]} is at {@code close}: the {@code )} that ends a {@code (destination)}
   * right after it; NONE when no destination follows, NEED when the input ends before that is known.
   */
  private int destinationEnd(int close) {
    int after = at(close + 1);
    if (after < 0) {
      return NEED;
    }
    return after == '(' ? matching(close + 1, '(', ')') : NONE;
  }

  /** HTML tags are dropped, {@code <br>} is a space, {@code <https://…>} autolinks are URLs. */
  private boolean angle() {
    int next = at(pos + 1);
    if (next < 0) {
      return false;
    }
    if (!(Character.isLetter(next) || next == '/' || next == '!')) {
      return plain('<');
    }
    int close = findInLine('>', pos + 1);
    if (close == NEED) {
      return false;
    }
    if (close == NONE) {
      return plain('<');
    }
    String tag = in.substring(pos + 1, close);
    String lower = tag.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      in.replace(pos, close + 1, tag);
      lastOut = ' ';
      return true;
    }
    if (lower.startsWith("mailto:")) {
      in.replace(pos, close + 1, tag.substring(7));
      return true;
    }
    pos = close + 1;
    emit(" "); // <br>, </p>, <summary>: a tag separates words even when nothing else does
    return true;
  }

  private boolean entity() {
    int semi = NONE;
    for (int i = pos + 1; i < pos + 10; i++) {
      int c = at(i);
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
    if (semi != NONE) {
      String name = in.substring(pos + 1, semi);
      String value = ENTITIES.get(name.toLowerCase(Locale.ROOT));
      if (value == null && name.matches("#[0-9]{1,7}")) {
        int cp = Integer.parseInt(name.substring(1));
        value = Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : "";
      }
      if (value != null) {
        in.replace(pos, semi + 1, value);
        // the replacement is processed as text, but never as markup again
        emitLiteral(value);
        return true;
      }
    }
    return plain('&');
  }

  private void emitLiteral(String value) {
    pos += value.length();
    if (value.codePoints().noneMatch(Chars::isEmoji)) {
      emit(value);
    }
  }

  /** A bare URL at {@code pos}: its spoken form is emitted; NONE if there is no URL here, NEED if unsure. */
  private int url() {
    boolean maybe = false;
    int prefix = 0;
    for (String p : new String[] {"https://", "http://", "www."}) {
      if (Chars.matchesAt(in, pos, p)) {
        prefix = p.length();
        break;
      }
      maybe |= Chars.couldBecome(in, pos, p) && in.length() - pos < p.length();
    }
    if (prefix == 0) {
      return maybe && !eof ? NEED : NONE;
    }
    int end = pos + prefix;
    while (end < in.length() && !Character.isWhitespace(in.charAt(end)) && "<>\"`|".indexOf(in.charAt(end)) < 0) {
      end++;
    }
    if (end == in.length() && !eof) {
      return NEED;
    }
    String raw = Urls.trimTrailingPunctuation(in.substring(pos, end));
    if (raw.length() <= prefix) {
      return NONE;
    }
    pos += raw.length();
    switch (settings.urls()) {
      case HOST -> emit(Urls.host(raw));
      case PHRASE -> emit(settings.urlPhrase());
      case SILENT -> {
      }
    }
    return 0;
  }

  /** The index of the bracket closing the one at {@code open} on this line (nesting counted), NONE or NEED. */
  private int matching(int open, char opening, char closing) {
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

  private int indexInLine(String needle, int from) {
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
}
