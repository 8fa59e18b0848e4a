package dev.voicebridge.filter;

import dev.voicebridge.bus.MessageType;
import java.util.regex.Pattern;

/**
 * Recognises the sentences an agent says about its own work rather than to the user: progress
 * ("Let me check the forecast.", "One moment.") and planning ("First, I'll look up your calendar.").
 * They are worth hearing once at most — they tell the user the bridge is busy — and never repeated
 * before every tool call. English patterns; other languages pass as ordinary speech.
 */
final class Chatter {

  private static final String ACTION = "(?:check|look|see|search|find|pull|get|fetch|grab|take a (?:quick )?look|"
      + "dig|verify|confirm|try|run|open|read|query|browse|scan|review|investigate|research|figure|gather|"
      + "calculate|compute|call|use|ask|consult|load|examine|inspect|work)";

  private static final Pattern PROGRESS = Pattern.compile("(?i)^(?:"
      + "(?:ok(?:ay)?|alright|sure|great|got it)[,!.]?\\s+)?"
      + "(?:let me (?:just |quickly |first |also |now )?" + ACTION + "\\b"
      + "|let's (?:see|check|look|find out)\\b"
      + "|i(?:'ll| will| am going to|'m going to) (?:just |quickly |now |also |first )?" + ACTION + "\\b"
      + "|i'm (?:now |currently |still )?(?:checking|looking|searching|pulling|fetching|getting|running|querying|"
      + "reading|loading|working|on it)\\b"
      + "|(?:checking|searching|looking (?:that |it )?up|fetching|loading|working on (?:it|that)|on it)\\b"
      + "|(?:one|just a|give me a|wait a|hold on a?) ?(?:moment|sec|second|minute|tick)\\b"
      + "|hold on\\b|hang on\\b|bear with me\\b|still working\\b|almost there\\b)");

  private static final Pattern PLANNING = Pattern.compile("(?i)^(?:"
      + "(?:first|firstly|to start|to begin)[,]? (?:i(?:'ll| will| need to| should)|let me|i'm going to)\\b"
      + "|(?:then|next|after that)[,]? i(?:'ll| will)\\b"
      + "|(?:my|the) plan (?:is|:)|here(?:'s| is) (?:my|the) plan\\b|plan:"
      + "|step \\d+[:.] (?:i(?:'ll| will)|let me)\\b)");

  private Chatter() {
  }

  /** PROGRESS, PLANNING, or FINAL for a sentence meant for the user. */
  static MessageType classify(String sentence) {
    String s = sentence.strip();
    if (PLANNING.matcher(s).find()) {
      return MessageType.PLANNING;
    }
    if (PROGRESS.matcher(s).find()) {
      return MessageType.PROGRESS;
    }
    return MessageType.FINAL;
  }
}
