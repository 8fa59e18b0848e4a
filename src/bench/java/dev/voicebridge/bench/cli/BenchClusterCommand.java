package dev.voicebridge.bench.cli;

import dev.voicebridge.bench.ClusterBenchmark;
import dev.voicebridge.bench.OpenClawGateway;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"Satellites from the outside: the fat jar as a hub and as --satellites satellites on loopback "
        + "(keys from cluster init / add-satellite, mutual TLS), each with a real-time microphone on stdin and a WAV "
        + "speaker, a real gateway (scripts/install-openclaw.sh) with a mock model, and one box on the same gateway "
        + "for comparison. End of speech -> first audio over the cluster vs one box (goal: +20 ms p50 at most), a "
        + "frame's hop across the cluster, bytes a satellite sends idle and speaking (goal: 0 audio bytes idle), the "
        + "hub's CPU with every room listening and two rooms asking at once (goal: 8 satellites, 2 at once, served)."})
public final class BenchClusterCommand extends GatewayBenchCommandBase<ClusterBenchmark.Result> {
  static final double ADDED_GOAL_MS = 20;

  @Option(names = "--satellites", description = "Satellites in the household, 2 or more (default: ${DEFAULT-VALUE})",
      defaultValue = "8")
  int satellites;

  @Option(names = "--rounds", description = "Questions asked on each side for the comparison (default: "
      + "${DEFAULT-VALUE})", defaultValue = "5")
  int rounds;

  @Option(names = "--failures", negatable = true, description = "Also kill a satellite and the hub, and try "
      + "strangers (default: ${DEFAULT-VALUE})", defaultValue = "false")
  boolean failures;

  @Option(names = "--jar", description = "The product jar (default: ${DEFAULT-VALUE})",
      defaultValue = "target/voice-bridge.jar")
  Path jar;

  @Override
  protected void checkOptions() {
    if (satellites < 2 || satellites > 16 || rounds < 1 || rounds > 50) {
      throw usage("--satellites takes 2 to 16, --rounds 1 to 50");
    }
    if (!Files.isRegularFile(jar)) {
      throw usage(jar + " does not exist: build it with mvn package, or give --jar");
    }
  }

  @Override
  protected ClusterBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    return new ClusterBenchmark(jar.toAbsolutePath(), satellites, rounds, failures, progress).run(work);
  }

  @Override
  protected JsonObject toJson(ClusterBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(ClusterBenchmark.Result r, PrintWriter out) {
    out.printf("cluster (fat jar: a hub and %d satellites on loopback, mutual TLS; OpenClaw %s, mock model; Vosk "
        + "wake word, Vosk speech-to-text at the hub; WAV speakers)%n", r.satellites(), OpenClawGateway.VERSION);
    out.printf("  end of speech -> first audio, p50 of %d: one box %.0f ms, over the cluster %.0f ms (%.2fx)%n",
        r.clusterMs().size(), r.oneBoxP50(), r.clusterP50(), r.clusterP50() / r.oneBoxP50());
    out.printf("  the same without the gateway's run (acceptance -> first delta, which varies by seconds here and is "
        + "the same service for both): one box %.0f ms, over the cluster %.0f ms (%.2fx)%n",
        r.oneBoxOwnP50(), r.clusterOwnP50(), r.clusterOwnP50() / r.oneBoxOwnP50());
    double added = r.addedByHopsMs();
    out.printf("  what the cluster's hops add, stage by stage (transcript back, store and send through the hub, "
        + "first delta to first sound; p50 differences): %+.0f ms  %s%n", added,
        added <= ADDED_GOAL_MS ? "goal (<= +20 ms) met" : "goal (<= +20 ms) NOT met");
    out.printf("  a frame's hop across the cluster: p50 %.2f ms, p99 %.2f ms%n", r.hopP50Ms(), r.hopP99Ms());
    out.printf("  a satellite idle: %.0f audio bytes/s (%s), %.0f bytes/s on its sockets in all (check-ins, "
        + "membership heartbeats); speaking: %.0f audio bytes/s while its utterance is open%n",
        r.idleAudioBytesPerSecond(), r.idleAudioBytesPerSecond() == 0 ? "goal met" : "goal NOT met",
        r.idleWireBytesPerSecond(), r.speakingAudioBytesPerSecond());
    out.printf("  the hub's CPU: %.1f%% of a core with %d rooms listening; %.1f%% while two rooms asked at once, "
        + "%.1f%% per active room (answered in %s ms)  %s%n", r.hubCpuIdlePercent(), r.satellites(),
        r.hubCpuTwoAtOncePercent(), (r.hubCpuTwoAtOncePercent() - r.hubCpuIdlePercent()) / 2,
        r.twoAtOnceMs().stream().map(d -> String.format("%.0f", d)).toList(),
        r.twoAtOnceMs().size() == 2 && r.satellites() >= 8 ? "goal (8 listening, 2 at once) met"
            : r.satellites() < 8 ? "(fewer than 8 satellites: goal not tried)" : "goal NOT met");
    out.printf("  a question in one room played in that room only: %s%n", r.roomsIsolated() ? "yes" : "NO");
    for (ClusterBenchmark.Scenario s : r.scenarios()) {
      out.printf("  %-42s %s  %s%n", s.name(), s.passed() ? "ok" : "FAILED", s.detail().lines().findFirst().orElse(""));
    }
  }
}
