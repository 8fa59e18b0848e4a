package dev.voicebridge.base;

import java.util.Locale;

/**
 * Text reduced to the words a recogniser can give back: lower case, letters and apostrophes, one space
 * between words. Wake phrases, transcripts compared with what the bridge said, and word error rates all
 * compare text this way, so "What's the weather?" and "what's the weather" are the same words everywhere.
 */
public final class SpokenWords {

  private SpokenWords() {
  }

  /** The words of {@code text}, space-separated ("" when it has none). */
  public static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z' ]", " ").replaceAll("\\s+", " ").strip();
  }
}
