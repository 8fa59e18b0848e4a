package dev.voicebridge.cli;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.config.ConfigDocs;
import dev.voicebridge.config.ConfigSchema;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code config show|check|defaults|docs}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Inspect the configuration.",
    subcommands = {ConfigCommand.Show.class, ConfigCommand.Check.class, ConfigCommand.Defaults.class,
        ConfigCommand.Docs.class})
public final class ConfigCommand {

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The effective configuration (secrets shown as ***).")
  static final class Show extends CommandBase {
    @Option(names = "--origins", description = "Also say where each value that differs from its default came from")
    boolean origins;

    @Override
    public Integer call() {
      BridgeConfig config = CliRuntime.loadConfig(global());
      out().println(config.toMaskedJson().encodePrettily());
      if (origins) {
        JsonObject defaults = BridgeConfig.defaults().toMaskedJson();
        JsonObject effective = config.toMaskedJson();
        ConfigSchema.standard().keys().keySet().stream()
            .filter(k -> !String.valueOf(valueAt(effective, k)).equals(String.valueOf(valueAt(defaults, k))))
            .forEach(k -> out().println(k + " <- " + config.origin(k)));
      }
      out().flush();
      return 0;
    }

    private static Object valueAt(JsonObject root, String path) {
      Object node = root;
      for (String part : path.split("\\.")) {
        node = node instanceof JsonObject o ? o.getValue(part) : null;
      }
      return node;
    }
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate the configuration (file, environment, flags) and exit 0 if it is good.")
  static final class Check extends CommandBase {
    @Override
    public Integer call() {
      BridgeConfig config = CliRuntime.loadConfig(global());
      out().println("configuration is valid (" + config.file().map(f -> "file " + f).orElse("defaults only") + ")");
      out().flush();
      return 0;
    }
  }

  @Command(name = "defaults", mixinStandardHelpOptions = true,
      description = "Print every key with its default: the content of conf/bridge.json.")
  static final class Defaults extends CommandBase {
    @Override
    public Integer call() {
      out().println(ConfigSchema.standard().defaults().encodePrettily());
      out().flush();
      return 0;
    }
  }

  @Command(name = "docs", hidden = true, description = "Print the configuration reference (docs/configuration.md).")
  static final class Docs extends CommandBase {
    @Override
    public Integer call() {
      out().print(ConfigDocs.markdown(ConfigSchema.standard()));
      out().flush();
      return 0;
    }
  }
}
