package dev.voicebridge.bench.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A benchmark that starts a real OpenClaw gateway: where its state and the bridge's database go. */
abstract class GatewayBenchCommandBase<R> extends BenchCommandBase<R> {

  @Option(names = "--dir", description = "Where the gateway state and the database go (default: a temporary "
      + "directory)")
  Path dir;

  @Override
  protected Path givenDir() {
    return dir;
  }
}
