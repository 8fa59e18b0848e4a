package dev.voicebridge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Any reply, streamed in any pieces: what reaches the speaker is the same as for the whole reply, holds
 * no control character (terminal escapes, NULs), no blank sentence, no word longer than a word can be,
 * and no more sentences than {@code filter.maxSentences} allows. Run by {@code scripts/fuzz.sh}; in
 * {@code mvn test} it replays its corpus ({@code ReplyFilterFuzzTestInputs}).
 */
class ReplyFilterFuzzTest {

  private static final FilterSettings SETTINGS = FilterSettings.defaults();
  private static final FilterSettings CAPPED = FilterSettings.from(
      dev.voicebridge.config.BridgeConfig.defaults().with(java.util.Map.of("filter.maxSentences", "3")));
  /** The longest token the filter lets through (longer ones are dropped: a 1 MB "word" is not speech). */
  private static final int LONGEST_WORD = 64;

  @FuzzTest(maxDuration = "30s")
  void anyReplyInAnyPiecesIsSpeakable(@NotNull byte[] utf8) {
    String reply = new String(utf8, StandardCharsets.UTF_8);
    List<String> whole = speak(reply, List.of());
    assertEquals(whole, speak(reply, pieces(reply, new Random(reply.hashCode()))), "the pieces changed what is said");
    // one more sentence than the cap is allowed: the phrase that says the reply was cut short
    assertTrue(CAPPED.maxSentences() > 0 && speak(CAPPED, reply, List.of()).size() <= CAPPED.maxSentences() + 1,
        "more sentences than filter.maxSentences");
    for (String sentence : whole) {
      assertFalse(sentence.isBlank(), "a blank sentence");
      sentence.codePoints().forEach(c -> assertFalse(Character.getType(c) == Character.CONTROL,
          () -> String.format("control character U+%04X in %s", c, sentence)));
      for (String word : sentence.split("\\s+")) {
        assertTrue(word.length() <= LONGEST_WORD + 2, () -> "a " + word.length() + "-char word: " + word);
      }
    }
  }

  /** Cut points as a stream delivers deltas: a few characters to a few dozen, sometimes inside a word. */
  private static List<Integer> pieces(String reply, Random random) {
    List<Integer> cuts = new ArrayList<>();
    for (int at = 1 + random.nextInt(24); at < reply.length(); at += 1 + random.nextInt(24)) {
      cuts.add(at);
    }
    return cuts;
  }

  private static List<String> speak(String reply, List<Integer> cuts) {
    return speak(SETTINGS, reply, cuts);
  }

  private static List<String> speak(FilterSettings settings, String reply, List<Integer> cuts) {
    return SplitInvarianceFuzzTest.stream(reply, cuts, settings);
  }
}
