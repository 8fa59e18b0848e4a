package dev.voicebridge.config;

import dev.voicebridge.base.BridgeException;
import java.util.List;

/** The configuration was rejected; the message lists every problem, one per line, each naming its key. */
public final class ConfigException extends BridgeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(problems.size() == 1
        ? "invalid configuration: " + problems.get(0)
        : "invalid configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
