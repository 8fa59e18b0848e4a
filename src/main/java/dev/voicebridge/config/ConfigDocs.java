package dev.voicebridge.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders the configuration reference (docs/configuration.md) from the schema, so the two cannot drift. */
public final class ConfigDocs {

  private static final Map<String, String> SECTION_TITLES = Map.ofEntries(
      Map.entry("audio", "audio — capture and playback"),
      Map.entry("wake", "wake — wake word"),
      Map.entry("vad", "vad — voice activity detection and endpointing"),
      Map.entry("stt", "stt — speech to text"),
      Map.entry("gateway", "gateway — the OpenClaw Gateway client"),
      Map.entry("node", "node — the device as an OpenClaw node (announcements, push-to-talk from the agent)"),
      Map.entry("filter", "filter — what of a reply is spoken"),
      Map.entry("tts", "tts — speech synthesis"),
      Map.entry("store", "store — the SQLite database"),
      Map.entry("session", "session — sessions and the context window"),
      Map.entry("recovery", "recovery — after a disconnect or restart"),
      Map.entry("http", "http — local status endpoint"));

  private ConfigDocs() {
  }

  public static String markdown(ConfigSchema schema) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Configuration reference\n\n");
    sb.append("Generated from `ConfigSchema` (`java -jar target/voice-bridge.jar config docs`); a test keeps this ")
        .append("file, `conf/bridge.json` and the code in step.\n\n");
    sb.append("Values are read once at start, later sources winning: built-in defaults → the config file → ")
        .append("environment variables → command-line flags (`--db`, `--set key=value`). The file is ")
        .append("`--config PATH`, else `$VOICE_BRIDGE_CONFIG`, else `./conf/bridge.json`, else ")
        .append("`~/.voice-bridge/bridge.json`, else none. A file may hold only the keys it changes. ")
        .append("Unknown keys, wrong types and out-of-range values stop the bridge at start with a message ")
        .append("naming the key. Secrets are shown as `***` everywhere the bridge prints configuration.\n\n");
    sb.append("Every key has an environment variable: `VOICE_BRIDGE_` + the key in upper snake case ")
        .append("(`gateway.reconnect.maxDelayMs` → `VOICE_BRIDGE_GATEWAY_RECONNECT_MAX_DELAY_MS`). ")
        .append("`VOICE_BRIDGE_DB` is a short form of `VOICE_BRIDGE_STORE_PATH`.\n");
    for (String section : ConfigSchema.SECTIONS) {
      List<ConfigKey> keys = schema.keys().values().stream().filter(k -> k.section().equals(section))
          .collect(Collectors.toList());
      sb.append("\n## ").append(SECTION_TITLES.getOrDefault(section, section)).append("\n\n");
      sb.append("| key | default | allowed | meaning |\n|---|---|---|---|\n");
      for (ConfigKey k : keys) {
        sb.append("| `").append(k.path()).append("`").append(k.secret() ? " (secret)" : "")
            .append(" | ").append(defaultText(k))
            .append(" | ").append(k.allowedDescription())
            .append(" | ").append(k.description()).append(" |\n");
      }
    }
    return sb.toString();
  }

  private static String defaultText(ConfigKey k) {
    Object v = k.defaultValue();
    if (v instanceof String s) {
      return s.isEmpty() ? "(empty)" : "`" + s + "`";
    }
    return "`" + v + "`";
  }
}
