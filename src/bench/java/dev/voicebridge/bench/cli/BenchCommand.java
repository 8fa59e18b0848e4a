package dev.voicebridge.bench.cli;

import dev.voicebridge.cli.CommandExtension;
import picocli.CommandLine.Command;

/**
 * {@code bench ...}: benchmarks that print their figures, each against a baseline measured in the same run
 * (no thresholds; the README gives the figures and the commands). Only {@code voice-bridge-bench.jar} has it:
 * the command line finds it as a {@link CommandExtension} (registered in {@code META-INF/services}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints its figures.",
    subcommands = {BenchStoreCommand.class, BenchGatewayCommand.class, BenchSpeechCommand.class,
        BenchSpeechInCommand.class, BenchDuplexCommand.class, BenchNodeCommand.class,
        BenchEndpointingCommand.class, BenchLoopCommand.class, BenchSoakCommand.class, BenchFaultsCommand.class,
        BenchClusterCommand.class})
public final class BenchCommand implements CommandExtension {

  @Override
  public Object command() {
    return this;
  }
}
