package dev.voicebridge.cli;

import dev.voicebridge.cluster.ClusterKeys;
import dev.voicebridge.cluster.ClusterSettings;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cluster init|add-satellite}: the keys of a household of satellites around one hub (docs/satellites.md). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Keys for satellites: one hub, one satellite per room, on an encrypted, authenticated event bus.",
    subcommands = {ClusterCommand.Init.class, ClusterCommand.AddSatellite.class})
public final class ClusterCommand {

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "On the hub: make the household CA and the hub's keys (files 0600 in a 0700 directory).")
  static final class Init extends CommandBase {
    @Option(names = "--dir", paramLabel = "DIR", description = "Where the keys go (default: ${DEFAULT-VALUE})",
        defaultValue = ClusterSettings.DEFAULT_DIR)
    String dir;

    @Override
    public Integer call() {
      Path d = ClusterSettings.expand(dir);
      ClusterKeys.init(d);
      out().println("household CA and hub keys written to " + d.toAbsolutePath().normalize());
      out().println("next: cluster add-satellite ROOM --dir " + dir + " for each room, then run --role hub --cluster-dir "
          + dir);
      out().flush();
      return 0;
    }
  }

  @Command(name = "add-satellite", mixinStandardHelpOptions = true,
      description = "On the hub: make a satellite's keys, to copy to the satellite as its cluster directory.")
  static final class AddSatellite extends CommandBase {
    @Parameters(paramLabel = "NAME", description = "The satellite's room (lower-case letters, digits, dashes)")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", description = "The hub's key directory (default: ${DEFAULT-VALUE})",
        defaultValue = ClusterSettings.DEFAULT_DIR)
    String dir;

    @Override
    public Integer call() {
      Path d = ClusterSettings.expand(dir);
      ClusterKeys.Member m = ClusterKeys.addSatellite(d, name);
      Path made = m.keyStore().getParent();
      out().println("keys for satellite " + name + " written to " + made);
      out().println("copy them to the satellite (they are its only way in; keep them private):");
      out().println("  scp -rp " + made + " USER@" + name + ":   and there: mkdir -p ~/.voice-bridge && mv ~/" + name
          + " ~/.voice-bridge/cluster");
      out().println("then there: run --role satellite --room " + name + " --join HUB:PORT");
      out().flush();
      return 0;
    }
  }
}
