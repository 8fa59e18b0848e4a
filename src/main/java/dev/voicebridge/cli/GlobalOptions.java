package dev.voicebridge.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes; declared once on the root command and inherited by all subcommands. */
public final class GlobalOptions {

  @Option(names = "--config", paramLabel = "PATH", scope = ScopeType.INHERIT,
      description = "Configuration file (default: $VOICE_BRIDGE_CONFIG, ./conf/bridge.json, "
          + "~/.voice-bridge/bridge.json, else built-in defaults)")
  Path config;

  @Option(names = "--db", paramLabel = "PATH", scope = ScopeType.INHERIT,
      description = "SQLite database file (overrides store.path and $VOICE_BRIDGE_DB)")
  Path db;

  @Option(names = "--set", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
      description = "Override one configuration key for this run, e.g. --set gateway.url=ws://host:18789")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Log more (debug level) and show stack traces of unexpected errors")
  boolean verbose;

  public Path config() {
    return config;
  }

  public Path db() {
    return db;
  }

  public Map<String, String> overrides() {
    Map<String, String> all = new LinkedHashMap<>(set);
    if (db != null) {
      all.put("store.path", db.toString());
    }
    return all;
  }

  public boolean verbose() {
    return verbose;
  }
}
