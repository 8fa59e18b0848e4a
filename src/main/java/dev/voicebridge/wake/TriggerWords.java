package dev.voicebridge.wake;

import dev.voicebridge.base.SpokenWords;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a trigger phrase was said as a call, judged from how a full-vocabulary recogniser read the couple
 * of seconds around a candidate. A reading calls when the trigger's key words (those after a leading "hey",
 * "ok", ...) are the first words of what was said — after at most as many words as the trigger has leading
 * calls. "hey computer, what time is it" is read as "the computer what time is it" (the small model's
 * language model prefers "the" to "hey", so the call word itself is not required, only its slot); "he said
 * the computer was broken" has three words before "computer" and is talk, not a call; "hey commuter" and
 * "hey, come here" have no "computer" at all.
 *
 * <p>The recogniser's best reading alone misses calls it almost heard: a high voice's "hey computer" is
 * "they can you go" by a hair, with "the computer" next. So the judgement is over its
 * {@value PhraseVerifier#READINGS} best readings: the candidate is a call when the readings that call hold
 * at least {@value #MIN_SHARE} of their likelihood. Measured on the corpus of {@code bench speech-in}
 * (calls, near misses and talk in five voices): the best reading alone found 23 of 30 calls, the share 30
 * of 30; talk had no calling reading among the best ones, so the bound can sit low. A grammar of the phrase
 * alone cannot tell calls from talk at all: it maps any speech onto the phrase (36 false wakes in 260 s of
 * talk, each with score 1).
 */
public final class TriggerWords {

  /** Words that call someone, said before the name: their slot is kept, whatever the recogniser made of it. */
  private static final Set<String> CALLS = Set.of("hey", "hi", "hello", "ok", "okay", "yo", "oi");

  /**
   * The least share of the best readings' likelihood that must call. Calls measured 0.13-1.0 (most 1.0);
   * talk 0; near misses 0 apart from words that truly allow a call's reading ("a computer science degree").
   */
  static final double MIN_SHARE = 0.1;

  /** A pause at least this long before a word starts a new utterance (words before it are not counted). */
  static final double PAUSE_SECONDS = 0.3;

  /** A word as the recogniser read it, and where it was said (seconds into the audio it was given). */
  public record Heard(String word, double start, double end) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s@%.2f", word, start);
    }
  }

  /** One reading of the audio: its words, and the recogniser's log-likelihood score (higher is likelier). */
  public record Reading(double score, List<Heard> words) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      words.forEach(w -> text.append(text.isEmpty() ? "" : " ").append(w.word()));
      return String.format(Locale.ROOT, "%.1f \"%s\"", score, text);
    }
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

  /** Whether the readings (best first) that call hold at least {@value #MIN_SHARE} of their likelihood. */
  public boolean calledIn(List<Reading> readings) {
    return callShare(readings) >= MIN_SHARE;
  }

  /** The share of the readings' likelihood held by those that call (0 when there are none). */
  public double callShare(List<Reading> readings) {
    if (readings.isEmpty()) {
      return 0;
    }
    double best = readings.get(0).score();
    double all = 0;
    double calling = 0;
    for (Reading r : readings) {
      double likelihood = Math.exp(r.score() - best);
      all += likelihood;
      if (calls(r.words())) {
        calling += likelihood;
      }
    }
    return calling / all;
  }

  /**
   * Whether {@code heard} (one reading's words, in order) is a call of this trigger: its key words at
   * the start of an utterance — after a pause of {@value #PAUSE_SECONDS} s or more, or at the start of what
   * was heard — preceded by at most as many words as the trigger has leading calls.
   */
  public boolean calls(List<Heard> heard) {
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
      if (!h.word().equals(keyWords.get(k))) {
        return false;
      }
    }
    return true;
  }
}
