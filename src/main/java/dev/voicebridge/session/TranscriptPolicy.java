package dev.voicebridge.session;

import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What becomes of a transcript (pure): nothing when it is empty (noise) or when the user talked over the
 * bridge only to make it stop ("stop", "be quiet" — the silence was the point, not a question for the
 * agent); otherwise a turn, sent with chat.send's {@code queueMode: interrupt} when it came from talking
 * over the bridge, so the gateway aborts what it still does for the old turn and starts this one at once.
 */
final class TranscriptPolicy {

  /** Send it (with this queue mode, or the session's own when null), or not (and why). */
  record Decision(boolean send, String queueMode, String reason) {
  }

  private final List<String> stopPhrases;

  /** @param stopPhrases comma-separated phrases that, alone, only ask the bridge to be quiet */
  TranscriptPolicy(String stopPhrases) {
    // longest first: "stop talking" is taken whole before "stop" would leave "talking" behind
    this.stopPhrases = Arrays.stream(stopPhrases.split(",")).map(TranscriptPolicy::normalise)
        .filter(p -> !p.isEmpty()).sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
  }

  Decision decide(SttTranscript t) {
    String text = normalise(t.text());
    if (text.isEmpty()) {
      return new Decision(false, null, "nothing was recognised");
    }
    boolean interrupting = "barge_in".equals(t.trigger());
    if (interrupting && onlyStopPhrases(text)) {
      return new Decision(false, null, "the user only asked the bridge to stop");
    }
    return new Decision(true, interrupting ? "interrupt" : null, null);
  }

  /** Whether the text is made of stop phrases and nothing else ("stop stop", "okay be quiet"). */
  private boolean onlyStopPhrases(String text) {
    String rest = " " + text + " ";
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String phrase : stopPhrases) { // the longest that fits goes first, every time
        int at = rest.indexOf(" " + phrase + " ");
        if (at >= 0) {
          rest = rest.substring(0, at) + " " + rest.substring(at + phrase.length() + 2);
          changed = true;
          break;
        }
      }
    }
    return rest.replaceAll("\\b(okay|ok|please|just|now|oh|um|uh|hey)\\b", " ").isBlank();
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").replaceAll("\\s+", " ").strip();
  }
}
