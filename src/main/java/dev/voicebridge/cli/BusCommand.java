package dev.voicebridge.cli;

import dev.voicebridge.bus.EventBusDocs;
import picocli.CommandLine.Command;

/** {@code bus docs}: prints the event-bus contract (docs/event-bus.md). */
@Command(name = "bus", mixinStandardHelpOptions = true, description = "The event-bus contract.",
    subcommands = {BusCommand.Docs.class})
public final class BusCommand {

  @Command(name = "docs", mixinStandardHelpOptions = true,
      description = "Print every address with its message shapes, as markdown (docs/event-bus.md).")
  static final class Docs extends CommandBase {
    @Override
    public Integer call() {
      out().print(EventBusDocs.markdown());
      out().flush();
      return 0;
    }
  }
}
