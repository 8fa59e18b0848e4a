package dev.voicebridge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Beyond the corpus: thousands of random replies built from the filter's hardest pieces (fences,
 * backticks, brackets, tags, JSON, URLs, entities, emoji, abbreviations, CRLF...), each streamed with
 * several split patterns. Whatever the filter says for a mangled reply, it must say the same for every
 * split, and never fail.
 */
class SplitInvarianceFuzzTest {

  private static final String[] PIECES = {
      "Hello", "world", "the", "Dr.", "U.S.", "e.g.", "3.14", "v1.2.3", "...", "…", ".", "!", "?", "?!", ",", ":",
      " ", " ", " ", "\n", "\n\n", "\r\n", "\t", "```", "```py\n", "~~~", "`", "``", "[", "]", "](", "(", ")",
      "[[tts:text]]", "[[", "]]", "![", "<think>", "</think>", "<tool_call>", "</tool_call>", "<br>", "<", ">",
      "{", "}", "{\"voice\": \"x\"}", "\"", "[{", "|", "| a | b |", "---", "- ", "* ", "1. ", "2) ", "# ", "## ",
      "> ", "**", "*", "_", "__", "~~", "~", "\\", "&amp;", "&", ";", "&#39;", "https://", "http://x.org/a",
      "www.", "example.com/path?q=1", "NO_REPLY", "HEARTBEAT_OK", "🎉", "👨‍👩‍👧", "🇯🇵", "✈️", "。", "！", "Привет",
      "z.B.", "2024.", "Let me check", "One moment.", "First, I'll", "snake_case", "C#", "#1", "a.m.", "J.",
  };

  private static String reply(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = 5 + random.nextInt(60);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  /** What the filter says for {@code text} delivered in pieces cut at {@code cuts} (shared with ReplyFilterFuzzTest). */
  static List<String> stream(String text, List<Integer> cuts, FilterSettings settings) {
    List<String> out = new ArrayList<>();
    ReplyFilter filter = new ReplyFilter(settings, out::add);
    int from = 0;
    for (int cut : cuts) {
      filter.append(text.substring(from, cut));
      from = cut;
    }
    filter.append(text.substring(from));
    filter.finish(null);
    return out;
  }

  private static List<Integer> cuts(String text, Random random, int fixed) {
    List<Integer> cuts = new ArrayList<>();
    for (int at = fixed > 0 ? fixed : 1 + random.nextInt(9); at < text.length();
        at += fixed > 0 ? fixed : 1 + random.nextInt(9)) {
      cuts.add(at);
    }
    return cuts;
  }

  @Test
  void randomRepliesAreSpokenTheSameForEverySplit() {
    FilterSettings settings = FilterSettings.defaults();
    Random random = new Random(20261124);
    int spoken = 0;
    for (int i = 0; i < 3000; i++) {
      String text = reply(random);
      List<String> whole = stream(text, List.of(), settings);
      spoken += whole.isEmpty() ? 0 : 1;
      for (int fixed : new int[] {1, 2, 7, 0}) {
        List<String> split = stream(text, cuts(text, random, fixed), settings);
        assertEquals(whole, split, "reply #" + i + " split " + (fixed == 0 ? "random" : fixed) + ": "
            + text.replace("\n", "\\n").replace("\r", "\\r"));
      }
    }
    assertTrue(spoken > 1500, "most random replies have something to say: " + spoken);
  }
}
