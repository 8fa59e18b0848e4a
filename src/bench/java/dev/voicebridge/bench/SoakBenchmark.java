package dev.voicebridge.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Many voice turns in a row, as a device lives for days: spoken questions through the real gateway and a mock
 * model, replies to a null speaker (the same loop as {@code bench loop}). After every window of turns: the
 * heap in use after a full collection, the process's resident memory, its open file descriptors and threads,
 * and the window's turn latency (end of words → first audio). A leak shows as growth from window to window;
 * the first window is the warm-up (the JIT, caches, the gateway's session) and the baseline.
 */
public final class SoakBenchmark {

  /** One window's figures. */
  public record Window(int turns, double p50Ms, double p99Ms, double heapMb, double rssMb, int fds, int threads) {
    JsonObject toJson() {
      return new JsonObject().put("turns", turns).put("p50Ms", p50Ms).put("p99Ms", p99Ms).put("heapMb", heapMb)
          .put("rssMb", rssMb).put("fds", fds).put("threads", threads);
    }
  }

  /** All windows, in order. */
  public record Result(List<Window> windows) {
    public Window first() {
      return windows.get(0);
    }

    public Window last() {
      return windows.get(windows.size() - 1);
    }

    public JsonObject toJson() {
      JsonArray w = new JsonArray();
      windows.forEach(x -> w.add(x.toJson()));
      return new JsonObject().put("windows", w);
    }
  }

  private static final String SESSION = "bench-soak";

  private final int turns;
  private final int window;
  private final PrintWriter log;

  public SoakBenchmark(int turns, int window, PrintWriter log) {
    this.turns = turns;
    this.window = window;
    this.log = log;
  }

  public Result run(Path work) throws Exception {
    try (VoiceLoop loop = new VoiceLoop(log)) {
      loop.start(work, "Done.", SESSION);
      loop.say(turns + " spoken turns, figures every " + window + "...");
      List<Window> windows = new ArrayList<>();
      List<Long> latencies = new ArrayList<>();
      for (int i = 0; i < turns; i++) {
        latencies.add(loop.spokenTurn(i).endOfWordsToSound());
        if (latencies.size() == window || i == turns - 1) {
          Window w = measure(latencies);
          windows.add(w);
          loop.say(String.format("  turns %4d-%4d: p50 %5.0f ms, p99 %5.0f ms | heap %6.1f MB, RSS %6.1f MB, "
              + "%d descriptors, %d threads", i + 2 - latencies.size(), i + 1, w.p50Ms(), w.p99Ms(), w.heapMb(),
              w.rssMb(), w.fds(), w.threads()));
          latencies.clear();
        }
      }
      return new Result(windows);
    }
  }

  private static Window measure(List<Long> latencies) throws IOException {
    Percentiles p = new Percentiles(latencies.stream().mapToLong(Long::longValue).toArray());
    System.gc();
    System.gc();
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new Window(latencies.size(), p.millis(50), p.millis(99), heap.getUsed() / 1e6, rssMb(), fds(),
        ManagementFactory.getThreadMXBean().getThreadCount());
  }

  /** VmRSS of this process (Linux), in MB. */
  private static double rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static int fds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return (int) s.count();
    }
  }
}
