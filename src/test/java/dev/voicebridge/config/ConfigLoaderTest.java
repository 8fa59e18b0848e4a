package dev.voicebridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private final ConfigLoader loader = new ConfigLoader();

  private Path file(String json) throws Exception {
    Path f = dir.resolve("bridge.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void defaultsMatchTheReferenceDesign() {
    BridgeConfig c = BridgeConfig.defaults();
    assertEquals(Path.of(System.getProperty("user.home"), ".voice-bridge", "data", "sessions.db"), c.path("store.path"));
    assertEquals(30, c.integer("session.timeoutMinutes"));
    assertEquals(100, c.integer("session.maxSessions"));
    assertEquals(20, c.integer("session.contextWindow.maxTurns"));
    assertEquals(5, c.integer("session.contextWindow.keepFirst"));
    assertEquals("ws://127.0.0.1:18789", c.string("gateway.url"));
    assertEquals("default", c.origin("gateway.url"));
  }

  @Test
  void aPartialFileKeepsTheOtherDefaults() throws Exception {
    BridgeConfig c = loader.load(file("{\"gateway\": {\"url\": \"wss://gw.example:443\", \"reconnect\": "
        + "{\"maxDelayMs\": 5000}}, \"audio\": {}}"), Map.of(), Map.of());
    assertEquals("wss://gw.example:443", c.string("gateway.url"));
    assertEquals(5000, c.integer("gateway.reconnect.maxDelayMs"));
    assertEquals(1000, c.integer("gateway.reconnect.initialDelayMs"));
    assertEquals(c.file().orElseThrow().toString(), c.origin("gateway.url"));
  }

  @Test
  void laterSourcesWin_fileThenEnvironmentThenCommandLine() throws Exception {
    Path f = file("{\"store\": {\"readPoolSize\": 2, \"busyTimeoutMs\": 100, \"maxBatch\": 7}}");
    BridgeConfig c = loader.load(f,
        Map.of("VOICE_BRIDGE_STORE_BUSY_TIMEOUT_MS", "200", "VOICE_BRIDGE_STORE_MAX_BATCH", "8"),
        Map.of("store.maxBatch", "9"));
    assertEquals(2, c.integer("store.readPoolSize"));
    assertEquals(200, c.integer("store.busyTimeoutMs"));
    assertEquals(9, c.integer("store.maxBatch"));
    assertEquals("environment variable VOICE_BRIDGE_STORE_BUSY_TIMEOUT_MS", c.origin("store.busyTimeoutMs"));
    assertEquals("command line", c.origin("store.maxBatch"));
  }

  @Test
  void dbShortcutVariableAndTokenVariable() {
    BridgeConfig c = loader.load(null, Map.of("VOICE_BRIDGE_DB", "/tmp/x.db", "VOICE_BRIDGE_GATEWAY_TOKEN", "s3cret"),
        Map.of());
    assertEquals(Path.of("/tmp/x.db"), c.path("store.path"));
    assertEquals("s3cret", c.string("gateway.token"));
  }

  @Test
  void unknownKeysAreRejectedWithASuggestion() throws Exception {
    ConfigException e = assertThrows(ConfigException.class,
        () -> loader.load(file("{\"gateway\": {\"tokn\": \"x\"}}"), Map.of(), Map.of()));
    assertTrue(e.getMessage().contains("unknown key \"gateway.tokn\""), e.getMessage());
    assertTrue(e.getMessage().contains("did you mean \"gateway.token\""), e.getMessage());
  }

  @Test
  void unknownSectionsAndEnvironmentVariablesAreRejected() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(file("{\"gatway\": {\"url\": \"x\"}}"),
        Map.of("VOICE_BRIDGE_GATEWAY_TOKN", "x", "HOME", "/root"), Map.of()));
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("VOICE_BRIDGE_GATEWAY_TOKN"), e.getMessage());
    assertTrue(e.getMessage().contains("VOICE_BRIDGE_GATEWAY_TOKEN"), e.getMessage());
  }

  @Test
  void wrongTypesNameTheKeyAndWhatIsAllowed() throws Exception {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(
        file("{\"store\": {\"readPoolSize\": \"four\", \"maxBatch\": 1.5}, \"http\": {\"enabled\": \"yes\"}}"),
        Map.of(), Map.of()));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("store.readPoolSize"));
    assertTrue(e.getMessage().contains("must be an integer between 1 and 32"), e.getMessage());
    assertTrue(e.getMessage().contains("store.maxBatch"));
    assertTrue(e.getMessage().contains("http.enabled") && e.getMessage().contains("true or false"));
  }

  @Test
  void outOfRangeAndNotAllowedValuesAreRejected() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
        Map.of("gateway.requestTimeoutMs", "5", "tts.engine", "festival", "vad.threshold", "1.5")));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("gateway.requestTimeoutMs from command line is 5, out of range: must be an "
        + "integer between 100 and 600000"), e.getMessage());
    assertTrue(e.getMessage().contains("one of espeak, freetts"), e.getMessage());
  }

  @Test
  void nonFiniteNumbersAreRejectedFromEverySource() {
    // NaN passes every range comparison: it used to be accepted, and a NaN threshold switched speech input off
    ConfigException flags = assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
        Map.of("vad.threshold", "NaN", "gateway.reconnect.multiplier", "Infinity", "vad.energyThresholdDb", "-Infinity")));
    assertEquals(3, flags.problems().size(), flags.getMessage());
    assertTrue(flags.getMessage().contains("vad.threshold from command line is NaN, which is not a number: must be a "
        + "number between 0.05 and 0.99"), flags.getMessage());
    ConfigException env = assertThrows(ConfigException.class, () -> loader.load(null,
        Map.of("VOICE_BRIDGE_WAKE_THRESHOLD", "NaN"), Map.of()));
    assertTrue(env.getMessage().contains("wake.threshold"), env.getMessage());
  }

  @Test
  void crossKeyRules() {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(null, Map.of(), Map.of(
        "gateway.url", "http://localhost:18789",
        "gateway.reconnect.initialDelayMs", "50000",
        "gateway.reconnect.maxDelayMs", "1000",
        "session.contextWindow.keepFirst", "20",
        "audio.input.source", "file")));
    assertEquals(4, e.problems().size(), e.getMessage());
  }

  @Test
  void badFilesGiveOneClearMessage() throws Exception {
    ConfigException missing = assertThrows(ConfigException.class,
        () -> loader.load(dir.resolve("nope.json"), Map.of(), Map.of()));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    ConfigException broken = assertThrows(ConfigException.class,
        () -> loader.load(file("{\"gateway\": {"), Map.of(), Map.of()));
    assertTrue(broken.getMessage().contains("is not valid JSON"), broken.getMessage());
    assertFalse(broken.getMessage().contains("\tat "), "no stack trace in the message");

    ConfigException twice = assertThrows(ConfigException.class, () -> loader.load(
        file("{\"vad\": {\"threshold\": 0.4, \"threshold\": 0.9}}"), Map.of(), Map.of()));
    assertTrue(twice.getMessage().contains("Duplicate field 'threshold'") && twice.getMessage().contains("line 1"),
        twice.getMessage());
    ConfigException array = assertThrows(ConfigException.class, () -> loader.load(file("[1, 2]"), Map.of(), Map.of()));
    assertTrue(array.getMessage().contains("must hold a JSON object") && array.getMessage().contains("not array"),
        array.getMessage());
    for (ConfigException e : List.of(broken, twice, array)) {
      assertFalse(e.getMessage().matches("(?s).*(LinkedHashMap|START_ARRAY|JsonToken|java\\.).*"),
          "no parser internals: " + e.getMessage());
    }
    // a byte-order mark (some editors write one) is not an error
    BridgeConfig bom = loader.load(file("\uFEFF{\"vad\": {\"threshold\": 0.4}}"), Map.of(), Map.of());
    assertEquals(0.4, bom.decimal("vad.threshold"));
  }

  @Test
  void secretsAreMaskedWheneverConfigurationIsPrinted() {
    BridgeConfig c = loader.load(null, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", "tok-123456",
        "VOICE_BRIDGE_WAKE_PORCUPINE_ACCESS_KEY", "pico-abcdef"), Map.of());
    String printed = c.toMaskedJson().encode() + c;
    assertFalse(printed.contains("tok-123456"));
    assertFalse(printed.contains("pico-abcdef"));
    assertEquals("***", c.toMaskedJson().getJsonObject("gateway").getString("token"));
    assertEquals("", c.toMaskedJson().getJsonObject("gateway").getString("password"), "unset secrets stay empty");
    ConfigException e = assertThrows(ConfigException.class,
        () -> c.with(Map.of("gateway.token", "")).with(Map.of("gateway.reconnect.jitter", "7")));
    assertFalse(e.getMessage().contains("tok-123456"));
  }

  @Test
  void envNamesFollowUpperSnakeCase() {
    ConfigSchema schema = ConfigSchema.standard();
    assertEquals("VOICE_BRIDGE_GATEWAY_RECONNECT_MAX_DELAY_MS",
        schema.key("gateway.reconnect.maxDelayMs").orElseThrow().envName());
    assertEquals("VOICE_BRIDGE_STORE_PATH", schema.key("store.path").orElseThrow().envName());
  }

  @Test
  void withAppliesOverridesWithValidation() {
    BridgeConfig c = BridgeConfig.defaults().with(Map.of("store.maxBatch", "3"));
    assertEquals(3, c.integer("store.maxBatch"));
    assertThrows(ConfigException.class, () -> c.with(Map.of("store.maxBatch", "0")));
    assertThrows(IllegalArgumentException.class, () -> c.integer("store.nope"));
  }

  @Test
  void everySectionOfTheIssueExists() {
    JsonObject defaults = ConfigSchema.standard().defaults();
    for (String s : new String[] {"audio", "wake", "vad", "stt", "gateway", "filter", "tts", "store", "session",
        "recovery", "http"}) {
      assertTrue(defaults.containsKey(s) && !defaults.getJsonObject(s).isEmpty(), s);
    }
  }
}
