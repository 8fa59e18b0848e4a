package dev.voicebridge.bench.cli;

import dev.voicebridge.bench.GatewayBenchmark;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.Percentiles;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {"The bridge's cost per turn against a raw WebSocket client, with a real OpenClaw gateway "
        + "(scripts/install-openclaw.sh) and a mock model that answers at once, in the same run; and the time "
        + "from hello-ok to session.recovered after gateway restarts."})
public final class BenchGatewayCommand extends GatewayBenchCommandBase<GatewayBenchmark.Result> {
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


  @Override
  protected void checkOptions() {
    if (turns < 1 || restarts < 0 || warmup < 3 || pauseMs < 0) {
      throw usage("--turns must be at least 1, --warmup at least 3 (the gateway prepares each session's "
          + "workspace on its first turns), and --restarts and --pause-ms at least 0");
    }
  }


  @Override
  protected GatewayBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    return new GatewayBenchmark(turns, restarts, warmup, pauseMs, progress).run(work);
  }

  @Override
  protected JsonObject toJson(GatewayBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(GatewayBenchmark.Result r, PrintWriter out) {
    out.printf("gateway turn (OpenClaw %s, mock model answering at once, %d turns each after %d warm-up, "
        + "%d ms apart, same run)%n", OpenClawGateway.VERSION, turns, warmup, pauseMs);
    line(out, "raw client  chat.send -> ack", r.rawAck());
    line(out, "bridge      session.input -> sent (stored, acked)", r.bridgeInput());
    line(out, "raw client  chat.send -> final frame", r.rawTurn());
    line(out, "bridge      session.input -> reply stored", r.bridgeTurn());
    line(out, "bridge      session.input -> gateway.send (turn stored)", r.bridgeBeforeSend());
    line(out, "bridge      gateway.send -> ack back in the session", r.bridgeGatewayAck());
    line(out, "bridge      final frame -> reply stored, announced", r.bridgeOutput());
    line(out, "bridge overhead per turn", r.overhead());
    if (restarts > 0) {
      out.printf("gateway restart (%d)%n", restarts);
      line(out, "bridge      hello-ok -> session.recovered", r.resumed());
      line(out, "gateway     chat.history just after its restart", r.historyAfterRestart());
    }
  }

  private static void line(PrintWriter out, String what, Percentiles p) {
    out.printf("  %-52s p50 %8.3f ms  p99 %8.3f ms%n", what, p.millis(50), p.millis(99));
  }
}
