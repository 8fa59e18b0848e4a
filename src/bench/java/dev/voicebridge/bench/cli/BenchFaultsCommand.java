package dev.voicebridge.bench.cli;

import dev.voicebridge.bench.FaultsBenchmark;
import dev.voicebridge.bench.OpenClawGateway;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "faults", mixinStandardHelpOptions = true,
    description = {"Faults during spoken turns, from the outside: the fat jar with a real-time microphone on its "
        + "stdin, a real gateway (scripts/install-openclaw.sh) with a mock model, a WAV speaker. The gateway down "
        + "for each of --downs seconds while a question waits (ready -> the bridge connected again, goal <= 1 s, "
        + "its question at the model, against a client that knew the instant it was ready), the gateway and the bridge killed "
        + "(SIGKILL) mid-reply, the disk filling up (a tmpfs; needs root). Then: db check, every question stored "
        + "and sent once, one session, the conversation going on."})
public final class BenchFaultsCommand extends GatewayBenchCommandBase<FaultsBenchmark.Result> {
  static final double REACH_GOAL_MS = 1000;

  @Option(names = "--downs", split = ",", description = "Seconds the gateway stays down, one outage each "
      + "(default: ${DEFAULT-VALUE})", defaultValue = "5,20,60")
  List<Integer> downs;

  @Option(names = "--gateway-kills", description = "Rounds of the gateway killed mid-reply (default: "
      + "${DEFAULT-VALUE})", defaultValue = "3")
  int gatewayKills;

  @Option(names = "--bridge-kills", description = "Rounds of the bridge killed mid-reply (default: "
      + "${DEFAULT-VALUE})", defaultValue = "3")
  int bridgeKills;

  @Option(names = "--disk-full", negatable = true, description = "Fill the database's disk (default: "
      + "${DEFAULT-VALUE})", defaultValue = "true")
  boolean diskFull;

  @Option(names = "--jar", description = "The product jar (default: ${DEFAULT-VALUE})",
      defaultValue = "target/voice-bridge.jar")
  Path jar;

  @Override
  protected void checkOptions() {
    if (downs.stream().anyMatch(d -> d < 1 || d > 600) || gatewayKills < 0 || bridgeKills < 0) {
      throw usage("--downs takes 1 to 600 s each; the kill rounds are 0 or more");
    }
    if (!Files.isRegularFile(jar)) {
      throw usage(jar + " does not exist: build it with mvn package, or give --jar");
    }
  }

  @Override
  protected FaultsBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    return new FaultsBenchmark(jar.toAbsolutePath(), downs, gatewayKills, bridgeKills, diskFull, progress).run(work);
  }

  @Override
  protected JsonObject toJson(FaultsBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(FaultsBenchmark.Result r, PrintWriter out) {
    out.printf("faults (fat jar, OpenClaw %s, mock model, Vosk wake word and speech, WAV speaker)%n",
        OpenClawGateway.VERSION);
    out.printf("  a question with nothing broken: first audio %.0f ms after its last word%n", r.baselineMs());
    out.printf("  %-12s %16s %16s %22s %18s%n", "gateway down", "ready->reconnect", "ready->at model",
        "(a client that knew)", "ready->1st audio");
    for (FaultsBenchmark.Outage o : r.outages()) {
      out.printf("  %-12s %13.0f ms %13.0f ms %19.0f ms %15.0f ms  %s%n", o.downSeconds() + " s", o.reconnectedMs(),
          o.bridgeAtModelMs(), o.idealAtModelMs(), o.firstAudioMs(),
          o.reconnectedMs() <= REACH_GOAL_MS ? "reconnected within 1 s: goal met" : "goal NOT met");
    }
    for (FaultsBenchmark.Crash c : r.crashes()) {
      out.printf("  %-26s round %d: %s%n", c.fault(), c.round(), c.resumed()
          ? String.format("the next question answered aloud, first audio %.0f ms after its last word (%.2fx the "
              + "baseline)", c.nextAnswerMs(), c.nextAnswerMs() / r.baselineMs()) : "NOT resumed");
    }
    FaultsBenchmark.Ledger l = r.ledger();
    out.printf("  db check: %s%n", l.integrityOk() ? "ok" : "DAMAGED " + l.problems());
    out.printf("  questions asked %d, stored %d, at the gateway %d (each once: %s); sessions %d; the long reply "
        + "stored %d time(s)%n", l.questionsAsked(), l.userTurnsStored(), l.questionsAtGateway(),
        l.userTurnsStored() == l.questionsAsked() && l.questionsAtGateway() == l.questionsAsked() ? "yes" : "NO",
        l.sessions(), l.repliesStored());
    out.printf("  disk full: %s%n", l.diskFull());
  }
}
