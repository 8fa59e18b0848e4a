package dev.voicebridge.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The validated, effective configuration: immutable, read through typed accessors by dotted path.
 * Asking for a key the schema does not have is a programming error and throws at once.
 */
public final class BridgeConfig {

  private final ConfigSchema schema;
  private final JsonObject values;
  private final Path file;
  private final Map<String, String> origins;

  BridgeConfig(ConfigSchema schema, JsonObject values, Path file, Map<String, String> origins) {
    this.schema = schema;
    this.values = values;
    this.file = file;
    this.origins = Map.copyOf(origins);
  }

  /** The defaults only, as if no file, environment or flag were given. */
  public static BridgeConfig defaults() {
    return new ConfigLoader().load(null, Map.of(), Map.of());
  }

  public String string(String path) {
    return (String) value(path, ConfigType.STRING, ConfigType.PATH);
  }

  /** A path value with {@code ~} expanded. */
  public Path path(String path) {
    return Path.of(ConfigLoader.expandHome((String) value(path, ConfigType.PATH)));
  }

  /** A path value, or empty when the value is blank (meaning "use the built-in location"). */
  public Optional<Path> optionalPath(String path) {
    String raw = (String) value(path, ConfigType.PATH);
    return raw.isBlank() ? Optional.empty() : Optional.of(Path.of(ConfigLoader.expandHome(raw)));
  }

  public int integer(String path) {
    return ((Number) value(path, ConfigType.INT)).intValue();
  }

  public double decimal(String path) {
    return ((Number) value(path, ConfigType.DECIMAL)).doubleValue();
  }

  public boolean bool(String path) {
    return (Boolean) value(path, ConfigType.BOOLEAN);
  }

  /** The file the values came from, if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** Where a key's value came from: a file, an environment variable, the command line, or the default. */
  public String origin(String path) {
    return origins.getOrDefault(path, "default");
  }

  /** The whole configuration as JSON with every secret that is set replaced by {@code ***}: safe to log. */
  public JsonObject toMaskedJson() {
    JsonObject copy = values.copy();
    schema.keys().values().stream()
        .filter(ConfigKey::secret)
        .filter(k -> !((String) JsonPaths.get(values, k.path())).isEmpty())
        .forEach(k -> JsonPaths.put(copy, k.path(), "***"));
    return copy;
  }

  /** A section as JSON (a copy; secrets unmasked) for components that take their settings as JSON. */
  public JsonObject section(String name) {
    if (!ConfigSchema.SECTIONS.contains(name)) {
      throw new IllegalArgumentException("no config section " + name);
    }
    return values.getJsonObject(name).copy();
  }

  /** A copy of this configuration with some keys replaced (raw strings, validated like CLI flags). */
  public BridgeConfig with(Map<String, String> overrides) {
    return new ConfigLoader(schema).apply(this, overrides);
  }

  JsonObject values() {
    return values;
  }

  Map<String, String> origins() {
    return origins;
  }

  private Object value(String path, ConfigType... types) {
    ConfigKey key = schema.key(path).orElseThrow(() -> new IllegalArgumentException("no config key " + path));
    for (ConfigType t : types) {
      if (key.type() == t) {
        return JsonPaths.get(values, path);
      }
    }
    throw new IllegalArgumentException("config key " + path + " is " + key.type() + ", not " + types[0]);
  }

  @Override
  public String toString() {
    return toMaskedJson().encode();
  }
}
