package dev.voicebridge.bench.cli;

import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.bench.StoreBenchmark;
import dev.voicebridge.store.StoreSettings;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "store", mixinStandardHelpOptions = true,
    description = "Turn-append latency and throughput through the event bus vs raw sqlite-jdbc, same run.")
public final class BenchStoreCommand extends BenchCommandBase<StoreBenchmark.Result> {
  @Option(names = "--turns", description = "Appends per measurement (default: ${DEFAULT-VALUE})", defaultValue = "5000")
  int turns;

  @Option(names = "--concurrency", description = "Appends in flight for throughput (default: ${DEFAULT-VALUE})",
      defaultValue = "64")
  int concurrency;

  @Option(names = "--dir", description = "Where the benchmark databases go (default: a temporary directory)")
  Path dir;

  private StoreSettings settings;

  @Override
  protected Path givenDir() {
    return dir;
  }

  @Override
  protected StoreBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    settings = StoreSettings.from(CliRuntime.loadConfig(global()));
    return new StoreBenchmark(turns, concurrency, progress).run(work, settings);
  }

  @Override
  protected JsonObject toJson(StoreBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(StoreBenchmark.Result r, PrintWriter out) {
    out.printf("store append (synchronous=%s, %d turns)%n", settings.synchronous(), turns);
    out.printf("  bus -> persistence verticle  p50 %.3f ms  p99 %.3f ms%n", r.busP50(), r.busP99());
    out.printf("  raw sqlite-jdbc baseline     p50 %.3f ms  p99 %.3f ms%n", r.rawP50(), r.rawP99());
    out.printf("  throughput bus (%d in flight) %.0f appends/s (median of 5 rounds)%n", concurrency, r.busPerSecond());
    out.printf("  throughput raw (1 thread)     %.0f appends/s (median of 5 rounds)%n", r.rawPerSecond());
    out.printf("  ratio bus/raw                 %.2f (median of the per-round ratios)%n", r.throughputRatio());
  }
}
