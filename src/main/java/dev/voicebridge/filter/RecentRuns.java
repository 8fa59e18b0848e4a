package dev.voicebridge.filter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded set of run ids (oldest forgotten first): runs that ended or were interrupted, whose late
 * events must be ignored. Bounded because the gateway never tells us when it stops sending for a run.
 */
public final class RecentRuns {

  private final Map<String, Boolean> runs;

  public RecentRuns(int capacity) {
    this.runs = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  public void add(String runId) {
    if (runId != null) {
      runs.put(runId, Boolean.TRUE);
    }
  }

  public boolean contains(String runId) {
    return runId != null && runs.containsKey(runId);
  }
}
