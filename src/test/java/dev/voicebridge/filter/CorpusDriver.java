package dev.voicebridge.filter;

import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.config.BridgeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Feeds a corpus case to a {@link ReplyFilter} the way the gateway streams it, split at given points. */
final class CorpusDriver {

  private CorpusDriver() {
  }

  static FilterSettings settings(ReplyCorpus.Case c) {
    return FilterSettings.from(BridgeConfig.defaults().with(c.config()));
  }

  /** Split points every {@code size} characters (plus the tool positions). */
  static List<Integer> fixed(ReplyCorpus.Case c, int size) {
    List<Integer> cuts = new ArrayList<>();
    for (int at = size; at < c.text().length(); at += size) {
      cuts.add(at);
    }
    return cuts;
  }

  /** Random split points with sizes from 1 to {@code maxSize}. */
  static List<Integer> random(ReplyCorpus.Case c, long seed, int maxSize) {
    Random random = new Random(seed);
    List<Integer> cuts = new ArrayList<>();
    for (int at = 1 + random.nextInt(maxSize); at < c.text().length(); at += 1 + random.nextInt(maxSize)) {
      cuts.add(at);
    }
    return cuts;
  }

  /**
   * Streams the case as cumulative deltas cut at {@code cuts}; with {@code resendLast} the last delta is
   * sent twice before the final, as the gateway does. Returns the spoken sentences.
   */
  static List<String> stream(ReplyCorpus.Case c, List<Integer> cuts, boolean resendLast) {
    List<String> spoken = new ArrayList<>();
    ReplyFilter filter = new ReplyFilter(settings(c), spoken::add);
    List<Integer> points = new ArrayList<>(cuts);
    c.tools().forEach(t -> points.add(t.at()));
    points.add(c.text().length());
    points.sort(Integer::compare);
    int from = 0;
    int tool = 0;
    ReplyDelta last = null;
    for (int to : points) {
      while (tool < c.tools().size() && c.tools().get(tool).at() <= from) {
        toolEvent(filter, c, c.tools().get(tool++));
      }
      if (to > from) {
        String text = c.text().substring(0, to);
        last = new ReplyDelta("agent:main:main", "run-1", c.text().substring(from, to), text, false);
        filter.delta(last);
        from = to;
      }
    }
    while (tool < c.tools().size()) {
      toolEvent(filter, c, c.tools().get(tool++));
    }
    if (resendLast && last != null) {
      filter.delta(last);
    }
    end(filter, c, c.text());
    return spoken;
  }

  /** No deltas at all: only the final with the whole text (a gateway that does not stream). */
  static List<String> finalOnly(ReplyCorpus.Case c) {
    List<String> spoken = new ArrayList<>();
    ReplyFilter filter = new ReplyFilter(settings(c), spoken::add);
    end(filter, c, c.text());
    return spoken;
  }

  private static void toolEvent(ReplyFilter filter, ReplyCorpus.Case c, ReplyCorpus.ToolMark t) {
    FilterSettings s = settings(c);
    if (t.phase().equals("start")) {
      filter.toolStarted();
    } else if (t.error() && s.speakToolErrors()) {
      filter.say(s.toolErrorPhrase().replace("{tool}", t.name()));
    }
  }

  private static void end(ReplyFilter filter, ReplyCorpus.Case c, String text) {
    switch (c.end()) {
      case "error" -> filter.fail();
      case "aborted" -> filter.abort();
      default -> filter.finish(text);
    }
  }
}
