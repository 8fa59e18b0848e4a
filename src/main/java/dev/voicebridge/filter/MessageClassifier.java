package dev.voicebridge.filter;

import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Speakability;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Message-level classification (the reference design's message types and speakability), for whoever
 * records a whole message — the session persists each assistant turn with it:
 * <ul>
 *   <li>a reply with something to say: final / speak;
 *   <li>a reply whose only speakable sentences are progress or planning chatter: progress or planning /
 *       conditional (spoken once or not at all, per {@code filter.progress});
 *   <li>a reply with nothing speakable: thinking / silent when it was all thinking, else final / silent
 *       (NO_REPLY, code only, a table only);
 *   <li>tool calls and tool results: silent (a failed tool is conditional: {@code filter.speakToolErrors});
 *   <li>a failed reply: error / speak (one short sentence); an aborted one: interrupt / silent.
 * </ul>
 */
public final class MessageClassifier {

  private static final Pattern THINKING = Pattern.compile("(?is)^\\s*<(think|thinking|reasoning)\\b.*");

  /** A message's type and whether it is spoken. */
  public record Classification(MessageType type, Speakability speakability) {
  }

  private final FilterSettings settings;

  public MessageClassifier(FilterSettings settings) {
    this.settings = settings;
  }

  /** Classifies a whole assistant reply. */
  public Classification reply(String text) {
    List<String> sentences = sentencesOf(text == null ? "" : text);
    if (sentences.isEmpty()) {
      boolean thinking = text != null && THINKING.matcher(text).matches();
      return new Classification(thinking ? MessageType.THINKING : MessageType.FINAL, Speakability.SILENT);
    }
    if (sentences.stream().allMatch(s -> Chatter.classify(s) != MessageType.FINAL)) {
      boolean planning = sentences.stream().anyMatch(s -> Chatter.classify(s) == MessageType.PLANNING);
      return new Classification(planning ? MessageType.PLANNING : MessageType.PROGRESS, Speakability.CONDITIONAL);
    }
    return new Classification(MessageType.FINAL, Speakability.SPEAK);
  }

  /** Every cleaned sentence of a text with something to say, chatter included; not the code phrase. */
  private List<String> sentencesOf(String text) {
    List<String> all = new ArrayList<>();
    SentenceStream stream = new SentenceStream(settings, s -> {
      String tidy = SentencePolicy.tidy(s);
      if (tidy.codePoints().anyMatch(Character::isLetterOrDigit) && !tidy.equals(settings.codeBlockPhrase())) {
        all.add(tidy);
      }
    });
    stream.feed(text);
    stream.finish();
    return all;
  }

  /** A tool call (phase start) or its result. */
  public Classification tool(ToolEvent event) {
    if ("start".equals(event.phase())) {
      return new Classification(MessageType.TOOL_CALL, Speakability.SILENT);
    }
    boolean failed = Boolean.TRUE.equals(event.isError());
    return new Classification(MessageType.TOOL_RESULT,
        failed && settings.speakToolErrors() ? Speakability.CONDITIONAL : Speakability.SILENT);
  }

  /** A reply that ended in an error. */
  public Classification error() {
    return new Classification(MessageType.ERROR, Speakability.SPEAK);
  }

  /** A reply that was aborted or talked over. */
  public Classification interrupted() {
    return new Classification(MessageType.INTERRUPT, Speakability.SILENT);
  }
}
