package dev.voicebridge.wake;

import dev.voicebridge.base.SpokenWords;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Whether a trigger phrase was said as a call, judged from what a full-vocabulary recogniser heard in the
 * couple of seconds around a candidate: the trigger's key words (those after a leading "hey", "ok", ...)
 * must be heard, in order and with some confidence, as the first words of what was said — after at most
 * as many words as the trigger has leading calls. "hey computer, what time is it" is heard as "the
 * computer what time is it" (the small model's language model prefers "the" to "hey", so the call word
 * itself is not required, only its slot); "he said the computer was broken" has three words before
 * "computer" and is talk, not a call; "hey commuter" and "hey, come here" have no "computer" at all. A
 * grammar of the phrase alone cannot tell these apart: it maps any speech onto the phrase (measured: 36
 * false wakes in 260 s of near misses and plain talk, none with a score below 1).
 */
public final class TriggerWords {

  /** Words that call someone, said before the name: their slot is kept, whatever the recogniser made of it. */
  private static final Set<String> CALLS = Set.of("hey", "hi", "hello", "ok", "okay", "yo", "oi");
  /** Below this, the recogniser was guessing (the key words of real calls score 0.9-1.0 here). */
  static final double MIN_CONFIDENCE = 0.5;

  /** A pause at least this long before a word starts a new utterance (words before it are not counted). */
  static final double PAUSE_SECONDS = 0.3;

  /** A word as the recogniser heard it, with its confidence and where it was said (seconds). */
  public record Heard(String word, double confidence, double start, double end) {
  }

  private final List<String> keyWords;
  private final int leadingCalls;

  public TriggerWords(String phrase) {
    List<String> words = Arrays.asList(SpokenWords.normalise(phrase).split(" "));
    int calls = 0;
    while (calls < words.size() - 1 && CALLS.contains(words.get(calls))) {
      calls++;
    }
    this.leadingCalls = calls;
    this.keyWords = List.copyOf(words.subList(calls, words.size()));
  }

  /** The words that must be heard ("computer" of "hey computer"). */
  public List<String> keyWords() {
    return keyWords;
  }

  /**
   * Whether {@code heard} (the recogniser's words, in order) holds a call of this trigger: its key words at
   * the start of an utterance — after a pause of {@value #PAUSE_SECONDS} s or more, or at the start of what
   * was heard — preceded by at most as many words as the trigger has leading calls.
   */
  public boolean calledIn(List<Heard> heard) {
    int utteranceStart = 0;
    for (int at = 0; at + keyWords.size() <= heard.size(); at++) {
      if (at > 0 && heard.get(at).start() - heard.get(at - 1).end() >= PAUSE_SECONDS) {
        utteranceStart = at;
      }
      if (at - utteranceStart <= leadingCalls && matchesAt(heard, at)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesAt(List<Heard> heard, int at) {
    for (int k = 0; k < keyWords.size(); k++) {
      Heard h = heard.get(at + k);
      if (!h.word().equals(keyWords.get(k)) || h.confidence() < MIN_CONFIDENCE) {
        return false;
      }
    }
    return true;
  }
}
