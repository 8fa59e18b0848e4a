package dev.voicebridge.bench.cli;

import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.SoakBenchmark;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "soak", mixinStandardHelpOptions = true,
    description = {"Many spoken turns in a row through a real gateway (scripts/install-openclaw.sh) and a mock "
        + "model, replies to a null speaker: heap after GC, resident memory, open descriptors, threads and turn "
        + "latency per window. Goals: memory within 10 MB of the first window, no descriptor or thread growth, "
        + "the last window's p99 within 1.2x the first's."})
public final class BenchSoakCommand extends GatewayBenchCommandBase<SoakBenchmark.Result> {
  static final double MEMORY_GROWTH_MB = 10;
  static final double P99_GROWTH = 1.2;

  @Option(names = "--turns", description = "Spoken turns (default: ${DEFAULT-VALUE})", defaultValue = "1000")
  int turns;

  @Option(names = "--window", description = "Turns per window (default: ${DEFAULT-VALUE})", defaultValue = "100")
  int window;


  @Override
  protected void checkOptions() {
    if (window < 2 || turns < 2 * window) {
      throw usage("--window must be at least 2 and --turns at least two windows");
    }
  }


  @Override
  protected SoakBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    return new SoakBenchmark(turns, window, progress).run(work);
  }

  @Override
  protected JsonObject toJson(SoakBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(SoakBenchmark.Result r, PrintWriter out) {
    out.printf("soak (OpenClaw %s, mock model, Vosk, espeak-ng, null speaker; %d windows)%n",
        OpenClawGateway.VERSION, r.windows().size());
    out.printf("  %-8s %8s %8s %10s %10s %6s %8s%n", "window", "p50 ms", "p99 ms", "heap MB", "RSS MB", "fds",
        "threads");
    for (int i = 0; i < r.windows().size(); i++) {
      SoakBenchmark.Window w = r.windows().get(i);
      out.printf("  %-8d %8.0f %8.0f %10.1f %10.1f %6d %8d%n", i + 1, w.p50Ms(), w.p99Ms(), w.heapMb(), w.rssMb(),
          w.fds(), w.threads());
    }
    SoakBenchmark.Window a = r.first();
    SoakBenchmark.Window b = r.last();
    double heap = b.heapMb() - a.heapMb();
    out.printf("  heap after GC, last - first window: %+.1f MB (goal <= %.0f): %s%n", heap, MEMORY_GROWTH_MB,
        heap <= MEMORY_GROWTH_MB ? "met" : "NOT met");
    out.printf("  RSS, last - first window: %+.1f MB%n", b.rssMb() - a.rssMb());
    out.printf("  descriptors %+d, threads %+d (goal: no growth): %s%n", b.fds() - a.fds(), b.threads() - a.threads(),
        b.fds() <= a.fds() && b.threads() <= a.threads() ? "met" : "NOT met");
    out.printf("  p99 last / first window: %.2f (goal <= %.1f): %s%n", b.p99Ms() / a.p99Ms(), P99_GROWTH,
        b.p99Ms() / a.p99Ms() <= P99_GROWTH ? "met" : "NOT met");
  }
}
