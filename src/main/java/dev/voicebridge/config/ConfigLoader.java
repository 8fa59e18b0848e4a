package dev.voicebridge.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configuration once, at start: schema defaults, then the JSON file, then environment
 * variables, then command-line overrides — each later source wins. Every value is checked against the
 * schema and all problems are reported together, each naming its key, the source and what is allowed.
 */
public final class ConfigLoader {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

  /** Environment variables with the bridge's prefix that are not config keys but are still understood. */
  public static final Set<String> NON_KEY_VARIABLES = Set.of(
      "VOICE_BRIDGE_CONFIG", "VOICE_BRIDGE_DB", "VOICE_BRIDGE_CACHE", "VOICE_BRIDGE_MODELS",
      "VOICE_BRIDGE_OPENCLAW_DIR", "VOICE_BRIDGE_LOG_LEVEL", "VOICE_BRIDGE_PULSE_DIR");

  private final ConfigSchema schema;

  public ConfigLoader(ConfigSchema schema) {
    this.schema = schema;
  }

  public ConfigLoader() {
    this(ConfigSchema.standard());
  }

  /**
   * Finds the file to read when no {@code --config} is given: {@code VOICE_BRIDGE_CONFIG}, then
   * {@code ./conf/bridge.json}, then {@code ~/.voice-bridge/bridge.json}; none of them means defaults only.
   */
  public static Optional<Path> locate(Path explicit, Map<String, String> env) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    String fromEnv = env.get("VOICE_BRIDGE_CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(Path.of(expandHome(fromEnv)));
    }
    for (Path candidate : List.of(Path.of("conf", "bridge.json"),
        Path.of(System.getProperty("user.home"), ".voice-bridge", "bridge.json"))) {
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * @param file       the JSON file, or null for defaults only
   * @param env        the process environment (only {@code VOICE_BRIDGE_*} variables are read)
   * @param overrides  dotted key → raw string value, from the command line (applied last)
   */
  public BridgeConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    JsonObject effective = schema.defaults();
    Map<String, String> origins = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();

    if (file != null) {
      JsonObject fromFile = readFile(file);
      applyJson(fromFile, file.toString(), effective, origins, problems);
    }
    applyEnvironment(env, effective, origins, problems);
    overrides.forEach((path, raw) -> applyString(path, raw, "command line", effective, origins, problems));

    checkCrossKeyRules(effective, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new BridgeConfig(schema, effective, file, origins);
  }

  /** Applies overrides to an already loaded configuration, with the same validation. */
  BridgeConfig apply(BridgeConfig base, Map<String, String> overrides) {
    JsonObject effective = base.values().copy();
    Map<String, String> origins = new LinkedHashMap<>(base.origins());
    List<String> problems = new ArrayList<>();
    overrides.forEach((path, raw) -> applyString(path, raw, "override", effective, origins, problems));
    checkCrossKeyRules(effective, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new BridgeConfig(schema, effective, base.file().orElse(null), origins);
  }

  /** Strict JSON: a key given twice is an error (Jackson would silently keep the last one). */
  private static final ObjectMapper STRICT = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private JsonObject readFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of("config file " + file + " does not exist"));
    } catch (java.nio.charset.MalformedInputException e) {
      throw new ConfigException(List.of("config file " + file + " is not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigException(List.of("config file " + file + " cannot be read: " + e.getMessage()));
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1); // a byte-order mark, as some Windows editors write: not part of the JSON
    }
    if (text.isBlank()) {
      LOG.warn("config file {} is empty: every key keeps its built-in default", file);
      return new JsonObject();
    }
    JsonNode tree;
    try {
      tree = STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new ConfigException(List.of("config file " + file + " is not valid JSON" + where + ": "
          + firstLine(e.getOriginalMessage())));
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(List.of("config file " + file + " must hold a JSON object ({ \"section\": { ... } }), "
          + "not " + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT))));
    }
    return new JsonObject(tree.toString());
  }

  private void applyJson(JsonObject json, String source, JsonObject effective, Map<String, String> origins,
      List<String> problems) {
    for (Map.Entry<String, Object> leaf : JsonPaths.flatten(json).entrySet()) {
      String path = leaf.getKey();
      Object value = leaf.getValue();
      Optional<ConfigKey> key = schema.key(path);
      if (key.isEmpty()) {
        if (value instanceof JsonObject obj && obj.isEmpty() && isPrefixOfKey(path)) {
          continue; // an empty section is fine: it keeps the defaults
        }
        problems.add(unknownKey(path, source));
        continue;
      }
      Object typed = coerceJson(key.get(), value);
      if (typed == null) {
        problems.add(key.get().path() + " in " + source + " must be " + key.get().allowedDescription()
            + ", got " + describe(value));
        continue;
      }
      accept(key.get(), typed, source, effective, origins, problems);
    }
  }

  private void applyEnvironment(Map<String, String> env, JsonObject effective, Map<String, String> origins,
      List<String> problems) {
    Map<String, ConfigKey> byEnv = new LinkedHashMap<>();
    schema.keys().values().forEach(k -> byEnv.put(k.envName(), k));
    env.entrySet().stream()
        .filter(e -> e.getKey().startsWith("VOICE_BRIDGE_"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> {
          ConfigKey key = byEnv.get(e.getKey());
          if (key != null) {
            applyString(key.path(), e.getValue(), "environment variable " + e.getKey(), effective, origins, problems);
          } else if (e.getKey().equals("VOICE_BRIDGE_DB")) {
            applyString("store.path", e.getValue(), "environment variable VOICE_BRIDGE_DB", effective, origins, problems);
          } else if (!NON_KEY_VARIABLES.contains(e.getKey())) {
            problems.add("unknown environment variable " + e.getKey() + suggestion(e.getKey(), byEnv.keySet()));
          }
        });
  }

  private void applyString(String path, String raw, String source, JsonObject effective, Map<String, String> origins,
      List<String> problems) {
    Optional<ConfigKey> key = schema.key(path);
    if (key.isEmpty()) {
      problems.add(unknownKey(path, source));
      return;
    }
    Object typed = coerceString(key.get(), raw);
    if (typed == null) {
      problems.add(path + " from " + source + " must be " + key.get().allowedDescription() + ", got \"" + raw + "\"");
      return;
    }
    accept(key.get(), typed, source, effective, origins, problems);
  }

  private void accept(ConfigKey key, Object value, String source, JsonObject effective, Map<String, String> origins,
      List<String> problems) {
    Optional<String> rangeProblem = checkRange(key, value);
    if (rangeProblem.isPresent()) {
      problems.add(key.path() + " from " + source + " " + rangeProblem.get());
      return;
    }
    JsonPaths.put(effective, key.path(), value);
    origins.put(key.path(), source);
  }

  private static Optional<String> checkRange(ConfigKey key, Object value) {
    String shown = key.secret() ? "***" : String.valueOf(value);
    if (!key.allowed().isEmpty() && !key.allowed().contains(value)) {
      return Optional.of("is \"" + shown + "\", which is not allowed: must be " + key.allowedDescription());
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        // NaN passes every comparison: unchecked, a NaN threshold silently switched speech input off
        return Optional.of("is " + shown + ", which is not a number: must be " + key.allowedDescription());
      }
      if ((key.min() != null && d < key.min()) || (key.max() != null && d > key.max())) {
        return Optional.of("is " + shown + ", out of range: must be " + key.allowedDescription());
      }
    }
    return Optional.empty();
  }

  /** Rules that involve more than one key. */
  private static void checkCrossKeyRules(JsonObject effective, List<String> problems) {
    String url = (String) JsonPaths.get(effective, "gateway.url");
    if (url != null && !(url.startsWith("ws://") || url.startsWith("wss://"))) {
      problems.add("gateway.url must start with ws:// or wss://, got \"" + url + "\"");
    }
    int initial = ((Number) JsonPaths.get(effective, "gateway.reconnect.initialDelayMs")).intValue();
    int max = ((Number) JsonPaths.get(effective, "gateway.reconnect.maxDelayMs")).intValue();
    if (initial > max) {
      problems.add("gateway.reconnect.initialDelayMs (" + initial + ") must not exceed gateway.reconnect.maxDelayMs ("
          + max + ")");
    }
    int maxTurns = ((Number) JsonPaths.get(effective, "session.contextWindow.maxTurns")).intValue();
    int keepFirst = ((Number) JsonPaths.get(effective, "session.contextWindow.keepFirst")).intValue();
    if (keepFirst >= maxTurns) {
      problems.add("session.contextWindow.keepFirst (" + keepFirst + ") must be smaller than "
          + "session.contextWindow.maxTurns (" + maxTurns + ")");
    }
    String source = (String) JsonPaths.get(effective, "audio.input.source");
    String file = (String) JsonPaths.get(effective, "audio.input.file");
    if ("file".equals(source) && (file == null || file.isBlank())) {
      problems.add("audio.input.file must name a WAV file when audio.input.source is file");
    }
  }

  private static Object coerceJson(ConfigKey key, Object value) {
    return switch (key.type()) {
      case STRING, PATH -> value instanceof String ? value : null;
      case BOOLEAN -> value instanceof Boolean ? value : null;
      case DECIMAL -> value instanceof Number n ? n.doubleValue() : null;
      case INT -> {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
            && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
          yield n.intValue();
        }
        yield null;
      }
    };
  }

  private static Object coerceString(ConfigKey key, String raw) {
    String s = raw.trim();
    try {
      return switch (key.type()) {
        case STRING, PATH -> raw;
        case BOOLEAN -> s.equalsIgnoreCase("true") ? Boolean.TRUE : s.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        case DECIMAL -> Double.parseDouble(s);
        case INT -> Integer.parseInt(s);
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private boolean isPrefixOfKey(String path) {
    return schema.keys().keySet().stream().anyMatch(k -> k.startsWith(path + "."));
  }

  private String unknownKey(String path, String source) {
    return "unknown key \"" + path + "\" in " + source + suggestion(path, schema.keys().keySet());
  }

  private static String suggestion(String wrong, Set<String> candidates) {
    return candidates.stream()
        .min(Comparator.comparingInt(c -> editDistance(c.toLowerCase(), wrong.toLowerCase())))
        .filter(best -> editDistance(best.toLowerCase(), wrong.toLowerCase()) <= Math.max(2, wrong.length() / 4))
        .map(best -> " (did you mean \"" + best + "\"?)")
        .orElse(" (see docs/configuration.md for every key)");
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String describe(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\" (a string)";
    }
    if (value instanceof JsonObject) {
      return "an object";
    }
    if (value == null) {
      return "null";
    }
    return value + " (" + (value instanceof Number ? "a number" : value instanceof Boolean ? "a boolean" : "a list")
        + ")";
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
  }

  public static String expandHome(String path) {
    if (path.equals("~")) {
      return System.getProperty("user.home");
    }
    if (path.startsWith("~/")) {
      return System.getProperty("user.home") + path.substring(1);
    }
    return path;
  }
}
