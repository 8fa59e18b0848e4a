package dev.voicebridge.listen;

import dev.voicebridge.vad.VadSettings;
import java.util.Locale;
import java.util.Set;

/**
 * How long a pause ends the user's turn, judged from how complete the words so far are (the streaming
 * recogniser's partial transcript). A finished sentence, question or command ends after a short pause;
 * words that cannot end a request — an article, a conjunction, a preposition, a filler, an auxiliary, a
 * question word, a verb still waiting for its object, the tens of an unfinished number ("set a timer for
 * twenty ... five minutes") — wait longer, so a user who stops to think is not cut off; without words
 * (an engine that does not stream, or nothing recognised yet) the usual silence applies. Pure.
 *
 * <p>Words that are often the last of a request as particles ("turn the lights on", "turn it off") are
 * treated as unknown, not incomplete: they wait the usual silence, neither cut short nor held.
 *
 * @param completeMs the pause that ends a complete turn
 * @param unknownMs the pause that ends a turn when its completeness is unknown ({@code vad.silenceMs}, or the
 *     gateway's Talk {@code silenceTimeoutMs})
 * @param incompleteMs the pause that ends a turn whose words so far cannot end a request
 * @param adaptive false: every turn ends after {@code unknownMs}, as a fixed silence timeout does
 */
public record EndOfTurn(int completeMs, int unknownMs, int incompleteMs, boolean adaptive) {

  /** How complete the words so far are. */
  public enum Completeness { COMPLETE, UNKNOWN, INCOMPLETE }

  private static final Set<String> CANNOT_END = Set.of(
      // articles, determiners and possessives
      "a", "an", "the", "my", "your", "his", "her", "our", "their", "its", "this", "these", "those", "some",
      "any", "every", "each", "another", "which", "whose",
      // conjunctions
      "and", "or", "but", "so", "because", "if", "while", "unless", "although", "though", "than", "nor", "plus",
      "when", "whether", "that",
      // prepositions that are not also particles at the end of a request
      "to", "for", "of", "in", "at", "with", "from", "about", "by", "into", "onto", "near", "under", "after",
      "before", "between", "like", "until", "till", "through", "without", "against", "towards", "toward",
      "across", "behind", "during", "per", "via", "as",
      // fillers
      "um", "uh", "er", "erm", "hmm", "mm", "ah", "eh", "uhm", "hm",
      // auxiliaries and verbs that need what follows
      "is", "are", "was", "were", "am", "be", "been", "being", "will", "would", "can", "could", "should", "shall",
      "may", "might", "must", "do", "does", "did", "have", "has", "had", "going", "want", "wanna", "gonna",
      "need", "let", "let's", "it's", "that's", "there's", "what's", "where's", "who's", "how's", "i'm",
      "you're", "we're", "they're", "i'd", "i'll", "we'll", "you'll", "they'll", "he'll", "she'll", "it'll",
      // question words and subjects
      "what", "where", "who", "whom", "why", "how", "i", "we", "they", "he", "she",
      // verbs of a command still waiting for their object
      "set", "tell", "remind", "add", "give", "make", "find", "put", "send", "turn", "show", "play", "read",
      "check", "ask", "search", "buy", "get",
      // adverbs that lead into something
      "not", "very", "really", "just", "also", "maybe",
      // heard where "to" was said, more often than meant ("me too")
      "too",
      // the tens and scales of a number still being said
      "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
      "million", "point");

  /**
   * Two last words that lead on, though the last alone may end a request: "can you" (but "thank you"),
   * "tell me" (but "excuse me").
   */
  private static final Set<String> LEADING_PAIRS = Set.of("can you", "could you", "would you", "will you",
      "do you", "did you", "should you", "tell me", "tell us", "remind me", "remind us", "reminds me", "give me", "give us",
      "show me", "show us", "send me", "let me", "let us", "ask him", "ask her", "ask them",
      // fillers of two words
      "i mean", "you know", "kind of", "sort of", "i think");

  /** Requests of one word; any other single word is the start of a request ("kitchen ..."). */
  private static final Set<String> ONE_WORD_REQUESTS = Set.of("stop", "yes", "no", "yeah", "nope", "cancel",
      "pause", "resume", "continue", "next", "previous", "louder", "quieter", "thanks", "okay", "ok", "help",
      "again", "repeat", "quiet", "silence", "enough", "hello", "hi", "goodbye", "bye", "sure", "right", "wait",
      "nevermind", "done", "shuffle", "mute", "unmute");

  /** Particles that often end a request ("turn the lights on"): neither complete nor incomplete. */
  private static final Set<String> PARTICLES = Set.of("on", "off", "up", "down", "out", "over", "back",
      "away", "around");

  /** The {@code vad.endOfTurn} rules, with {@code vad.silenceMs} as the usual silence. */
  public static EndOfTurn from(VadSettings vad) {
    return new EndOfTurn(vad.endOfTurnCompleteMs(), vad.silenceMs(), vad.endOfTurnIncompleteMs(),
        vad.endOfTurnAdaptive());
  }

  private static String wordBefore(String text) {
    String[] w = text.split("\\s+");
    return w.length < 2 ? "" : w[w.length - 2];
  }

  /** A fixed silence timeout of {@code silenceMs}: what the bridge did before adaptive endpointing. */
  public static EndOfTurn fixed(int silenceMs) {
    return new EndOfTurn(silenceMs, silenceMs, silenceMs, false);
  }

  /** The same rules with another usual silence (the user's Talk setting may change it live). */
  public EndOfTurn withUnknownMs(int silenceMs) {
    return new EndOfTurn(completeMs, silenceMs, incompleteMs, adaptive);
  }

  /**
   * How complete {@code words} (the partial transcript so far) are as a request. Null: no words to judge
   * by (an engine that does not stream). Empty: the recogniser heard the speech and made no word of it —
   * a filler ("um") or a noise — so more may come.
   */
  public static Completeness judge(String words) {
    if (words == null) {
      return Completeness.UNKNOWN;
    }
    String text = words.strip().toLowerCase(Locale.ROOT);
    if (text.isEmpty()) {
      return Completeness.INCOMPLETE;
    }
    String last = text.substring(text.lastIndexOf(' ') + 1).replaceAll("[^a-z']", "");
    if (last.isEmpty()) {
      return Completeness.UNKNOWN;
    }
    if (CANNOT_END.contains(last) || LEADING_PAIRS.contains(wordBefore(text) + " " + last)) {
      return Completeness.INCOMPLETE;
    }
    if (text.indexOf(' ') < 0 && !ONE_WORD_REQUESTS.contains(last)) {
      return Completeness.INCOMPLETE; // one word that is not a request by itself: the start of one
    }
    return PARTICLES.contains(last) ? Completeness.UNKNOWN : Completeness.COMPLETE;
  }

  /**
   * The pause that ends the turn after {@code words}. A complete turn never waits longer than the usual
   * silence, nor an incomplete one less.
   */
  public int silenceMs(String words) {
    if (!adaptive) {
      return unknownMs;
    }
    return switch (judge(words)) {
      case COMPLETE -> Math.min(completeMs, unknownMs);
      case UNKNOWN -> unknownMs;
      case INCOMPLETE -> Math.max(incompleteMs, unknownMs);
    };
  }
}
