package dev.voicebridge.cli;

import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** A command that prints the store statistics, as JSON with {@code --json} or as text of its own choosing. */
abstract class StatsCommandBase extends CommandBase {

  @Option(names = "--json", description = "Print JSON")
  boolean json;

  @Override
  public Integer call() {
    try (CliRuntime rt = runtime()) {
      StoreStats stats = rt.await(rt.store().stats());
      PrintWriter out = out();
      if (json) {
        out.println(BusJson.encode(stats).encodePrettily());
      } else {
        render(stats, out);
      }
      out.flush();
      return 0;
    }
  }

  protected abstract void render(StoreStats stats, PrintWriter out);
}
