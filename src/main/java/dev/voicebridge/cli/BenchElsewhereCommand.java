package dev.voicebridge.cli;

import dev.voicebridge.base.BridgeException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code bench} in the product jar: the benchmarks ship in {@code voice-bridge-bench.jar} (built by the same
 * {@code mvn package}), so this says where they are instead of "unknown command".
 */
@Command(name = "bench", description = "Benchmarks: run them from voice-bridge-bench.jar, built next to this jar.")
final class BenchElsewhereCommand extends CommandBase {

  @Unmatched
  List<String> rest;

  @Override
  public Integer call() {
    throw new BridgeException("the benchmarks are in voice-bridge-bench.jar, built next to voice-bridge.jar by "
        + "`mvn package`: java -jar target/voice-bridge-bench.jar bench "
        + (rest == null ? "" : String.join(" ", rest)).strip());
  }
}
