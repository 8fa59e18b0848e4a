package dev.voicebridge.cli;

import dev.voicebridge.bench.GatewayBenchmark;
import dev.voicebridge.bench.Percentiles;
import dev.voicebridge.bench.StoreBenchmark;
import dev.voicebridge.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench store}, {@code bench gateway}: benchmarks that print their figures (no thresholds; see the README). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints its figures.",
    subcommands = {BenchCommand.Store.class, BenchCommand.Gateway.class})
public final class BenchCommand {

  @Command(name = "store", mixinStandardHelpOptions = true,
      description = "Turn-append latency and throughput through the event bus vs raw sqlite-jdbc, same run.")
  static final class Store extends CommandBase {
    @Option(names = "--turns", description = "Appends per measurement (default: ${DEFAULT-VALUE})", defaultValue = "5000")
    int turns;

    @Option(names = "--concurrency", description = "Appends in flight for throughput (default: ${DEFAULT-VALUE})",
        defaultValue = "64")
    int concurrency;

    @Option(names = "--dir", description = "Where the benchmark databases go (default: a temporary directory)")
    Path dir;

    @Option(names = "--json", description = "Print the figures as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      StoreSettings settings = StoreSettings.from(CliRuntime.loadConfig(global()));
      Path work = dir != null ? dir : Files.createTempDirectory("voice-bridge-bench-");
      try {
        StoreBenchmark.Result r = new StoreBenchmark(turns, concurrency, spec.commandLine().getErr())
            .run(work, settings);
        if (json) {
          out().println(r.toJson().encodePrettily());
        } else {
          out().printf("store append (synchronous=%s, %d turns)%n", settings.synchronous(), turns);
          out().printf("  bus -> persistence verticle  p50 %.3f ms  p99 %.3f ms%n", r.busP50(), r.busP99());
          out().printf("  raw sqlite-jdbc baseline     p50 %.3f ms  p99 %.3f ms%n", r.rawP50(), r.rawP99());
          out().printf("  throughput bus (%d in flight) %.0f appends/s%n", concurrency, r.busPerSecond());
          out().printf("  throughput raw (1 thread)     %.0f appends/s%n", r.rawPerSecond());
          out().printf("  ratio bus/raw                 %.2f%n", r.throughputRatio());
        }
        out().flush();
        return 0;
      } finally {
        if (dir == null) {
          deleteTree(work);
        }
      }
    }
  }

  @Command(name = "gateway", mixinStandardHelpOptions = true,
      description = {"The bridge's cost per turn against a raw WebSocket client, with a real OpenClaw gateway "
          + "(scripts/install-openclaw.sh) and a mock model that answers at once, in the same run; and the time "
          + "from hello-ok to session.recovered after gateway restarts."})
  static final class Gateway extends CommandBase {
    @Option(names = "--turns", description = "Turns for the bridge and for the raw client (default: ${DEFAULT-VALUE})",
        defaultValue = "100")
    int turns;

    @Option(names = "--restarts", description = "Gateway restarts to time (default: ${DEFAULT-VALUE})",
        defaultValue = "3")
    int restarts;

    @Option(names = "--dir", description = "Where the gateway state and the database go (default: a temporary "
        + "directory)")
    Path dir;

    @Option(names = "--json", description = "Print the figures as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (turns < 1 || restarts < 0) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--turns must be at least 1 and "
            + "--restarts at least 0");
      }
      Path work = dir != null ? dir : Files.createTempDirectory("voice-bridge-bench-gateway-");
      try {
        GatewayBenchmark.Result r = new GatewayBenchmark(turns, restarts, spec.commandLine().getErr()).run(work);
        if (json) {
          out().println(r.toJson().encodePrettily());
        } else {
          out().printf("gateway turn (OpenClaw %s, mock model answering at once, %d turns each, same run)%n",
              dev.voicebridge.bench.OpenClawGateway.VERSION, turns);
          line("raw client  chat.send -> ack", r.rawAck());
          line("bridge      session.input -> sent (stored, acked)", r.bridgeInput());
          line("raw client  chat.send -> final frame", r.rawTurn());
          line("bridge      session.input -> reply stored", r.bridgeTurn());
          line("bridge      final frame -> reply stored, announced", r.bridgeOutput());
          line("bridge overhead per turn", r.overhead());
          if (restarts > 0) {
            out().printf("gateway restart (%d)%n", restarts);
            line("bridge      hello-ok -> session.recovered", r.resumed());
            line("gateway     chat.history just after its restart", r.historyAfterRestart());
          }
        }
        out().flush();
        return 0;
      } finally {
        if (dir == null) {
          deleteTree(work);
        }
      }
    }

    private void line(String what, Percentiles p) {
      out().printf("  %-52s p50 %8.3f ms  p99 %8.3f ms%n", what, p.millis(50), p.millis(99));
    }
  }

  /** Removes a benchmark's temporary directory and everything in it. */
  static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
