package dev.voicebridge.bench;

import dev.voicebridge.base.SpokenWords;

/** Word error rate: (substitutions + deletions + insertions) / reference words, by edit distance over words. */
public final class WordErrorRate {

  private WordErrorRate() {
  }

  public static String[] words(String text) {
    String norm = SpokenWords.normalise(text);
    return norm.isEmpty() ? new String[0] : norm.split(" ");
  }

  /** Word edits needed to turn {@code hypothesis} into {@code reference}. */
  public static int edits(String reference, String hypothesis) {
    String[] r = words(reference);
    String[] h = words(hypothesis);
    int[] prev = new int[h.length + 1];
    int[] cur = new int[h.length + 1];
    for (int j = 0; j <= h.length; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= r.length; i++) {
      cur[0] = i;
      for (int j = 1; j <= h.length; j++) {
        int sub = prev[j - 1] + (r[i - 1].equals(h[j - 1]) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[h.length];
  }

  public static int referenceWords(String reference) {
    return words(reference).length;
  }

  /** The word error rate of {@code hypothesis} against {@code reference}. */
  public static double of(String reference, String hypothesis) {
    return (double) edits(reference, hypothesis) / Math.max(1, referenceWords(reference));
  }
}
