package dev.voicebridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** conf/bridge.json and docs/configuration.md are derived from the schema; these keep them in step. */
class ShippedConfigTest {

  @Test
  void confBridgeJsonHoldsEveryKeyWithItsDefault() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf", "bridge.json")));
    assertEquals(ConfigSchema.standard().defaults(), shipped,
        "regenerate with: java -jar target/voice-bridge.jar config defaults > conf/bridge.json");
    new ConfigLoader().load(Path.of("conf", "bridge.json"), Map.of(), Map.of());
  }

  @Test
  void configurationReferenceIsCurrent() throws Exception {
    assertEquals(ConfigDocs.markdown(ConfigSchema.standard()), Files.readString(Path.of("docs", "configuration.md")),
        "regenerate with: java -jar target/voice-bridge.jar config docs > docs/configuration.md");
  }
}
