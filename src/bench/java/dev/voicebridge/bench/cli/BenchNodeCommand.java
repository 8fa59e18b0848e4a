package dev.voicebridge.bench.cli;

import dev.voicebridge.bench.NodeBenchmark;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.Percentiles;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", mixinStandardHelpOptions = true,
    description = {"The bridge as an OpenClaw node with a real gateway (scripts/install-openclaw.sh), in the same "
        + "run: an announcement invoked through the gateway (system.notify) to its first audio, against the same "
        + "text announced on the bridge's own bus; push-to-talk once from the end of the user's words to the "
        + "invoke's answer, against the bridge's own transcript, and to the first sound of the reply."})
public final class BenchNodeCommand extends GatewayBenchCommandBase<NodeBenchmark.Result> {
  @Option(names = "--announcements", description = "Announcements each way (default: ${DEFAULT-VALUE})",
      defaultValue = "20")
  int announcements;

  @Option(names = "--captures", description = "Push-to-talk turns (default: ${DEFAULT-VALUE})", defaultValue = "8")
  int captures;


  @Override
  protected void checkOptions() {
    if (announcements < 1 || captures < 1) {
      throw usage("--announcements and --captures must be at least 1");
    }
  }


  @Override
  protected NodeBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    return new NodeBenchmark(announcements, captures, progress).run(work);
  }

  @Override
  protected JsonObject toJson(NodeBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(NodeBenchmark.Result r, PrintWriter out) {
    out.printf("node (OpenClaw %s, espeak-ng, null speaker, microphone fed in real time, same run)%n",
        OpenClawGateway.VERSION);
    line(out, "announcement  speech.announce on the bus -> first audio", r.announceLocal());
    line(out, "announcement  node.invoke system.notify -> first audio", r.announceViaNode());
    out.printf("  %-58s %.2f%n", "ratio (p50, through the gateway / on the bus)",
        r.announceViaNode().millis(50) / r.announceLocal().millis(50));
    line(out, "push-to-talk  end of words -> the bridge's transcript", r.transcriptLocal());
    line(out, "push-to-talk  end of words -> talk.ptt.once answered", r.answerViaNode());
    out.printf("  %-58s %.2f%n", "ratio (p50, answer / transcript)",
        r.answerViaNode().millis(50) / r.transcriptLocal().millis(50));
    line(out, "push-to-talk  end of words -> first sound of the reply", r.endOfWordsToReplySound());
  }

  private static void line(PrintWriter out, String what, Percentiles p) {
    out.printf("  %-58s p50 %8.1f ms  p99 %8.1f ms%n", what, p.millis(50), p.millis(99));
  }
}
