package dev.voicebridge.session;

import dev.voicebridge.base.SpokenWords;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * What becomes of a transcript (pure, no I/O): nothing when it is empty (noise), when the user talked over
 * the bridge only to make it stop ("stop", "be quiet" — the silence was the point, not a question for the
 * agent), or when what interrupted the bridge was its own voice coming back: a few words that the bridge
 * itself just said, in the same order (the echo canceller leaves a word through now and then — a loud or
 * distorting speaker, a burst starting late — and "the" or "is" must never become a question for the
 * agent); otherwise a turn, sent with chat.send's {@code queueMode: interrupt} when it came from talking
 * over the bridge, so the gateway aborts what it still does for the old turn and starts this one at once.
 */
final class TranscriptPolicy {

  /** Sentences the bridge said recently that an echo may still be heard from. */
  private static final int RECENT_SENTENCES = 4;
  /** A transcript of more words than this is taken as the user's, even when the bridge said them too. */
  static final int MAX_ECHO_WORDS = 4;

  /**
   * Send it (with this queue mode, or the session's own when null), or not: {@code code} is the reason as a
   * word for programs (empty, stop_phrase, own_words), {@code reason} the same for people.
   */
  record Decision(boolean send, String queueMode, String code, String reason) {
  }

  private final List<String> stopPhrases;
  private final Deque<String> recentlySaid = new ArrayDeque<>();

  /** @param stopPhrases comma-separated phrases that, alone, only ask the bridge to be quiet */
  TranscriptPolicy(String stopPhrases) {
    // longest first: "stop talking" is taken whole before "stop" would leave "talking" behind
    this.stopPhrases = Arrays.stream(stopPhrases.split(",")).map(SpokenWords::normalise)
        .filter(p -> !p.isEmpty()).sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** The bridge is saying this sentence (speech.say of one of this device's runs). */
  void said(String sentence) {
    String words = SpokenWords.normalise(sentence);
    if (!words.isEmpty()) {
      recentlySaid.addLast(words);
      while (recentlySaid.size() > RECENT_SENTENCES) {
        recentlySaid.removeFirst();
      }
    }
  }

  Decision decide(SttTranscript t) {
    String text = SpokenWords.normalise(t.text());
    if (text.isEmpty()) {
      return new Decision(false, null, "empty", "nothing was recognised");
    }
    boolean interrupting = "barge_in".equals(t.trigger());
    if (interrupting && onlyStopPhrases(text)) {
      return new Decision(false, null, "stop_phrase", "the user only asked the bridge to stop");
    }
    // a follow-up opens as the bridge stops speaking: its own last words may still be in the room
    boolean afterSpeaking = interrupting || "follow_up".equals(t.trigger());
    if (afterSpeaking && onlyWhatTheBridgeSaid(text)) {
      return new Decision(false, null, "own_words", "only the bridge's own words, heard back through the microphone");
    }
    return new Decision(true, interrupting ? "interrupt" : null, null, null);
  }

  /**
   * A short transcript whose words the bridge said in that order, in one of its recent sentences or
   * across two in a row (an echo does not skip words; a person who repeats the bridge word for word in
   * a handful of words while it talks is rarer than the echo, and loses only the turn it would start).
   */
  private boolean onlyWhatTheBridgeSaid(String text) {
    if (text.split(" ").length > MAX_ECHO_WORDS || recentlySaid.isEmpty()) {
      return false;
    }
    String spoken = " " + String.join(" ", recentlySaid) + " ";
    return spoken.contains(" " + text + " ");
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

}
