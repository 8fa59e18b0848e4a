package dev.voicebridge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The heart of speech out: every corpus reply, streamed at many split sizes (1-character deltas, small
 * fixed sizes, random sizes, the whole text at once, the gateway's re-sent last delta, no deltas but a
 * final), must be spoken as exactly the expected sentences.
 */
class ReplyCorpusTest {

  private static final int[] FIXED_SIZES = {1, 2, 3, 5, 8, 13, 21, 64, 1_000_000};
  private static final long[] SEEDS = {1, 7, 42, 2024, 31337};

  static Stream<ReplyCorpus.Case> cases() throws Exception {
    return ReplyCorpus.load("/filter/replies.txt").cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void spokenSentencesAreTheSameForEverySplit(ReplyCorpus.Case c) {
    List<String> failures = new ArrayList<>();
    for (int size : FIXED_SIZES) {
      check(c, "split " + size, CorpusDriver.stream(c, CorpusDriver.fixed(c, size), false), failures);
    }
    for (long seed : SEEDS) {
      check(c, "random seed " + seed, CorpusDriver.stream(c, CorpusDriver.random(c, seed, 12), true), failures);
    }
    if (c.end().equals("final") && c.tools().isEmpty()) {
      check(c, "final only", CorpusDriver.finalOnly(c), failures);
    }
    assertTrue(failures.isEmpty(), () -> c.name() + ":\n" + String.join("\n", failures));
  }

  private static void check(ReplyCorpus.Case c, String how, List<String> actual, List<String> failures) {
    if (!c.expected().equals(actual)) {
      failures.add("  " + how + "\n    expected " + c.expected() + "\n    actual   " + actual);
    }
  }

  @Test
  void corpusIsRich() throws Exception {
    List<ReplyCorpus.Case> all = ReplyCorpus.load("/filter/replies.txt").cases();
    assertTrue(all.size() >= 40, "the corpus has " + all.size() + " cases");
    assertEquals(all.size(), all.stream().map(ReplyCorpus.Case::name).distinct().count(), "case names are unique");
  }
}
