package dev.voicebridge.bench.cli;

import dev.voicebridge.bench.LoopBenchmark;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.Percentiles;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "loop", mixinStandardHelpOptions = true,
    description = {"The whole loop with a real gateway (scripts/install-openclaw.sh) and an instant mock model: a "
        + "spoken question fed to the bridge's microphone in real time -> end of turn -> Vosk -> store -> chat.send "
        + "-> reply -> filter -> espeak-ng -> first audio at the speaker, per stage (the bridge's turn.timing), "
        + "against a raw WebSocket client's chat.send -> first delta on the same gateway in the same run."})
public final class BenchLoopCommand extends GatewayBenchCommandBase<LoopBenchmark.Result> {
  /** The goal for the bridge's own share of a turn (p50). */
  static final double GOAL_SHARE_MS = 250;

  @Option(names = "--turns", description = "Measured turns of each kind (default: ${DEFAULT-VALUE})",
      defaultValue = "20")
  int turns;


  @Override
  protected void checkOptions() {
    if (turns < 1) {
      throw usage("--turns must be at least 1");
    }
  }


  @Override
  protected LoopBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    return new LoopBenchmark(turns, progress).run(work);
  }

  @Override
  protected JsonObject toJson(LoopBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(LoopBenchmark.Result r, PrintWriter out) {
    out.printf("loop (OpenClaw %s, instant mock model, Vosk, espeak-ng, null speaker, microphone in real time; "
        + "%d turns each, alternating)%n", OpenClawGateway.VERSION, r.turns());
    line(out, "gateway alone: raw chat.send -> first delta", r.rawFirstDelta());
    line(out, "bridge: end of words -> first audio at the speaker", r.endOfWordsToSound());
    line(out, "bridge's share (its turn - the raw turn before it)", r.bridgeShare());
    line(out, "  of which after its end-of-turn decision", r.shareAfterDecision());
    out.printf("  %-58s %.2f%n", "ratio (p50, bridge turn / gateway alone)",
        r.endOfWordsToSound().millis(50) / r.rawFirstDelta().millis(50));
    out.println("  stages, from the end of speech as turn.timing placed it (cumulative; + the step from the one before):");
    double before = 0;
    for (var e : r.stages().entrySet()) {
      Percentiles p = e.getValue();
      out.printf("    %-20s p50 %7.0f ms  p95 %7.0f ms   (+%.0f)%n", e.getKey(), p.millis(50), p.millis(95),
          p.millis(50) - before);
      before = p.millis(50);
    }
    line(out, "turn.timing's end of speech - the true end of words", r.speechEndError());
    out.printf("  goal: the bridge's share <= %.0f ms p50: %s (%.0f ms)%n", GOAL_SHARE_MS,
        r.bridgeShare().millis(50) <= GOAL_SHARE_MS ? "met" : "NOT met", r.bridgeShare().millis(50));
  }

  private static void line(PrintWriter out, String what, Percentiles p) {
    out.printf("  %-58s p50 %8.1f ms  p95 %8.1f ms%n", what, p.millis(50), p.millis(95));
  }
}
