package dev.voicebridge.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Any text as {@code conf/bridge.json}, and any value for any key given with {@code --set}: either a
 * configuration whose every number is finite and every value the type its key declares, or problems
 * in the user's words, never a parser's internals. Run by {@code scripts/fuzz.sh}; in {@code mvn test}
 * it replays its corpus ({@code ConfigLoaderFuzzTestInputs}).
 */
class ConfigLoaderFuzzTest {

  /** What a user should never be shown: Java and Jackson internals. */
  private static final Pattern INTERNALS = Pattern.compile(
      "com\\.fasterxml|LinkedHashMap|START_(ARRAY|OBJECT)|END_(ARRAY|OBJECT)|VALUE_[A-Z_]+|java\\.|Exception");
  private static final ConfigSchema SCHEMA = ConfigSchema.standard();
  private static final List<String> KEYS = List.copyOf(SCHEMA.keys().keySet());
  private static final Path FILE = tempFile();

  private static Path tempFile() {
    try {
      Path dir = Files.createTempDirectory("config-fuzz");
      dir.toFile().deleteOnExit();
      return dir.resolve("bridge.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void anyFileIsAConfigurationOrProblemsInWords(@NotNull byte[] file) throws IOException {
    Files.write(FILE, file);
    check(() -> new ConfigLoader(SCHEMA).load(FILE, Map.of(), Map.of()), new String(file, StandardCharsets.UTF_8));
  }

  @FuzzTest(maxDuration = "30s")
  void anySetValueIsAcceptedWhenValidOrRefusedInWords(@NotNull byte[] keyAndValue) {
    if (keyAndValue.length == 0) {
      return;
    }
    // the first byte picks the key, the rest is the value as typed after "--set key="
    String key = KEYS.get(Math.floorMod(keyAndValue[0], KEYS.size()));
    String value = new String(keyAndValue, 1, keyAndValue.length - 1, StandardCharsets.UTF_8);
    check(() -> new ConfigLoader(SCHEMA).load(null, Map.of(), Map.of(key, value)), key + "=" + value);
  }

  private static void check(java.util.function.Supplier<BridgeConfig> load, String input) {
    BridgeConfig config;
    try {
      config = load.get();
    } catch (ConfigException e) {
      assertFalse(e.problems().isEmpty(), "a refusal without a problem");
      for (String problem : e.problems()) {
        assertFalse(problem.isBlank(), "a blank problem");
        // what the user wrote is quoted back to them and may hold any word: a word of internals counts only
        // when the user did not write it
        java.util.regex.Matcher m = INTERNALS.matcher(problem);
        while (m.find()) {
          String word = m.group();
          assertTrue(input.contains(word), () -> "internals shown to the user: " + problem);
        }
      }
      return;
    }
    SCHEMA.keys().forEach((path, key) -> {
      Object v = lookup(config.values(), path);
      assertTrue(v != null || key.defaultValue() == null, () -> path + " lost its value for " + input);
      if (v != null) {
        assertTrue(switch (key.type()) {
          case STRING, PATH -> v instanceof String;
          case INT -> v instanceof Integer || v instanceof Long;
          case DECIMAL -> v instanceof Number n && Double.isFinite(n.doubleValue());
          case BOOLEAN -> v instanceof Boolean;
        }, () -> path + " (" + key.type() + ") holds " + v + " for " + input);
      }
    });
  }

  private static Object lookup(JsonObject values, String path) {
    Object at = values;
    for (String part : path.split("\\.")) {
      if (!(at instanceof JsonObject o)) {
        return null;
      }
      at = o.getValue(part);
    }
    return at;
  }
}
