package dev.voicebridge.cli;

/**
 * A command that a companion jar adds to the command line, found through {@link java.util.ServiceLoader}.
 * The benchmarks use it: they live in {@code voice-bridge-bench.jar} with the test doubles they need (a mock
 * model server, a gateway launcher, synthetic Whisper weights), so the product jar carries none of those
 * and still offers {@code bench} the moment the bench jar is the one run.
 */
public interface CommandExtension {

  /** An instance of a picocli {@code @Command} class, added as a subcommand of the root command. */
  Object command();
}
