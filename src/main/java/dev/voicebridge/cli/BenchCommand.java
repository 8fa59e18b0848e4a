package dev.voicebridge.cli;

import picocli.CommandLine.Command;

/**
 * {@code bench ...}: benchmarks that print their figures, each against a baseline measured in the same run
 * (no thresholds; the README gives the figures and the commands).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints its figures.",
    subcommands = {BenchStoreCommand.class, BenchGatewayCommand.class, BenchSpeechCommand.class,
        BenchSpeechInCommand.class, BenchDuplexCommand.class})
public final class BenchCommand {

  private BenchCommand() {
  }
}
