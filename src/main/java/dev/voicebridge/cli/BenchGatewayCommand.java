package dev.voicebridge.cli;

import dev.voicebridge.bench.GatewayBenchmark;
import dev.voicebridge.bench.Percentiles;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {"The bridge's cost per turn against a raw WebSocket client, with a real OpenClaw gateway "
        + "(scripts/install-openclaw.sh) and a mock model that answers at once, in the same run; and the time "
        + "from hello-ok to session.recovered after gateway restarts."})
public final class BenchGatewayCommand extends CommandBase {
  @Option(names = "--turns", description = "Turns for the bridge and for the raw client (default: ${DEFAULT-VALUE})",
      defaultValue = "100")
  int turns;

  @Option(names = "--restarts", description = "Gateway restarts to time (default: ${DEFAULT-VALUE})",
      defaultValue = "3")
  int restarts;

  @Option(names = "--warmup", description = "Unmeasured turns of each client first, so both run compiled code "
      + "and the gateway has prepared both sessions (default: ${DEFAULT-VALUE}, at least 3)", defaultValue = "20")
  int warmup;

  @Option(names = "--pause-ms", description = "Idle time before every measured turn, the same for both clients: "
      + "the gateway works on for tens of ms after a final, and people do not answer within milliseconds "
      + "(default: ${DEFAULT-VALUE}; 0 = back to back)", defaultValue = "250")
  long pauseMs;

  @Option(names = "--dir", description = "Where the gateway state and the database go (default: a temporary "
      + "directory)")
  Path dir;

  @Option(names = "--json", description = "Print the figures as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (turns < 1 || restarts < 0 || warmup < 3 || pauseMs < 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--turns must be at least 1, "
          + "--warmup at least 3 (the gateway prepares each session's workspace on its first turns), and "
          + "--restarts and --pause-ms at least 0");
    }
    Path work = dir != null ? dir : Files.createTempDirectory("voice-bridge-bench-gateway-");
    try {
      GatewayBenchmark.Result r = new GatewayBenchmark(turns, restarts, warmup, pauseMs,
          spec.commandLine().getErr()).run(work);
      if (json) {
        out().println(r.toJson().encodePrettily());
      } else {
        out().printf("gateway turn (OpenClaw %s, mock model answering at once, %d turns each after %d warm-up, "
            + "%d ms apart, same run)%n", dev.voicebridge.bench.OpenClawGateway.VERSION, turns, warmup, pauseMs);
        line("raw client  chat.send -> ack", r.rawAck());
        line("bridge      session.input -> sent (stored, acked)", r.bridgeInput());
        line("raw client  chat.send -> final frame", r.rawTurn());
        line("bridge      session.input -> reply stored", r.bridgeTurn());
        line("bridge      session.input -> gateway.send (turn stored)", r.bridgeBeforeSend());
        line("bridge      gateway.send -> ack back in the session", r.bridgeGatewayAck());
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
        TempDirs.deleteTree(work);
      }
    }
  }

  private void line(String what, Percentiles p) {
    out().printf("  %-52s p50 %8.3f ms  p99 %8.3f ms%n", what, p.millis(50), p.millis(99));
  }
}
