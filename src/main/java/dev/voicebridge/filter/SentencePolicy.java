package dev.voicebridge.filter;

import dev.voicebridge.bus.MessageType;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Last stage of the filter: per reply, decides which chunked sentences are spoken and in what words.
 * Tidies what the earlier stages left (a dropped code span leaves "Run  to start."), removes OpenClaw's
 * silent tokens ({@code NO_REPLY}, {@code HEARTBEAT_OK}), drops fragments with nothing to say, lets
 * progress chatter through once or never, and applies the sentence cap with its closing phrase.
 */
final class SentencePolicy {

  private static final Pattern SILENT_TOKENS = Pattern.compile("\\b(?:NO_REPLY|HEARTBEAT_OK)\\b");
  /**
   * A run of more than this many characters without a space is no word a listener can use (a hash, a key, a
   * blob): it is not spoken. A 1 MB token used to be read out as 4,526 sentences. The longest dictionary
   * compounds stay under it.
   */
  static final int MAX_TOKEN_CHARS = 64;
  private static final Pattern OVERLONG_TOKEN = Pattern.compile("\\S{" + (MAX_TOKEN_CHARS + 1) + ",}");
  private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("\\s+([,.;:!?…)\\]%])(?=\\s|$)");
  private static final Pattern SPACE_AFTER_OPEN = Pattern.compile("([(\\[¿¡])\\s+");
  private static final Pattern EMPTY_BRACKETS = Pattern.compile("\\(\\s*\\)|\\[\\s*]|\"\\s*\"");
  private static final Pattern REPEATED_PUNCT = Pattern.compile("([,;:])(?:\\s*[,;:])+");
  private static final Pattern LEADING_JUNK = Pattern.compile("^[\\s,;:)\\]}>|/\\\\=*~—–]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private final FilterSettings settings;
  private final Consumer<String> out;
  private int spoken;
  private boolean chatterSaid;
  private boolean capped;

  SentencePolicy(FilterSettings settings, Consumer<String> out) {
    this.settings = settings;
    this.out = out;
  }

  void accept(String raw) {
    String s = tidy(raw);
    if (s.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return;
    }
    MessageType type = Chatter.classify(s);
    if (type == MessageType.PROGRESS || type == MessageType.PLANNING) {
      if (settings.progress() == FilterSettings.ProgressMode.SILENT || chatterSaid) {
        return;
      }
      chatterSaid = true;
    }
    if (capped) {
      return;
    }
    if (settings.maxSentences() > 0 && spoken >= settings.maxSentences()) {
      capped = true;
      if (!settings.capPhrase().isBlank()) {
        out.accept(settings.capPhrase());
      }
      return;
    }
    spoken++;
    out.accept(s);
  }

  /** Makes a chunk read naturally after markup was removed from it. */
  static String tidy(String raw) {
    String s = SILENT_TOKENS.matcher(raw).replaceAll(" ");
    s = OVERLONG_TOKEN.matcher(s).replaceAll(" ");
    s = s.replace('_', ' ');
    s = EMPTY_BRACKETS.matcher(s).replaceAll(" ");
    s = SPACES.matcher(s).replaceAll(" ");
    s = SPACE_BEFORE_PUNCT.matcher(s).replaceAll("$1");
    s = SPACE_AFTER_OPEN.matcher(s).replaceAll("$1");
    s = REPEATED_PUNCT.matcher(s).replaceAll("$1");
    s = LEADING_JUNK.matcher(s).replaceAll("");
    return s.strip();
  }
}
