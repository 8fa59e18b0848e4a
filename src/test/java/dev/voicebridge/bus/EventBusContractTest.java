package dev.voicebridge.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.StoreMessages.TurnAppend;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventBusContractTest {

  @Test
  void everyAddressConstantIsInTheCatalogueExactlyOnce() throws Exception {
    Set<String> constants = new HashSet<>();
    for (Field f : Addresses.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        constants.add((String) f.get(null));
      }
    }
    Set<String> catalogued = new HashSet<>();
    Addresses.CATALOGUE.forEach(s -> assertTrue(catalogued.add(s.address()), "duplicate " + s.address()));
    assertEquals(constants, catalogued);
  }

  @Test
  void docsEventBusMdIsCurrent() throws Exception {
    assertEquals(EventBusDocs.markdown(), Files.readString(Path.of("docs", "event-bus.md")),
        "regenerate with: java -jar target/voice-bridge.jar bus docs > docs/event-bus.md");
  }

  @Test
  void recordsRoundTripThroughJsonWithWireNames() {
    TurnAppend turn = new TurnAppend("u-1", Role.ASSISTANT, "Hi \"there\"\n", MessageType.TOOL_CALL,
        Speakability.SILENT, new JsonArray().add(new JsonObject().put("name", "ls")), "run-1", "key-1",
        Delivery.PENDING, null);
    JsonObject json = BusJson.encode(turn);
    assertEquals("assistant", json.getString("role"));
    assertEquals("tool_call", json.getString("messageType"));
    assertEquals("ls", json.getJsonArray("toolCalls").getJsonObject(0).getString("name"));
    assertEquals(turn, BusJson.decode(json, TurnAppend.class));
  }

  @Test
  void absentFieldsAreLeftOutAndUnknownFieldsIgnored() {
    JsonObject json = BusJson.encode(new SpeechOutMessages.TtsStop(null, "user"));
    assertEquals(new JsonObject().put("reason", "user"), json);
    SpeechOutMessages.TtsStop decoded = BusJson.decode(json.copy().put("futureField", 1), SpeechOutMessages.TtsStop.class);
    assertNull(decoded.runId());
  }

  @Test
  void malformedBodiesNameTheProblem() {
    BadMessageException missing = assertThrows(BadMessageException.class,
        () -> BusJson.decode(new JsonObject().put("role", "user"), TurnAppend.class));
    assertTrue(missing.getMessage().contains("sessionUuid"), missing.getMessage());
    BadMessageException badEnum = assertThrows(BadMessageException.class, () -> BusJson.decode(
        new JsonObject().put("sessionUuid", "u").put("role", "robot").put("content", "x"), TurnAppend.class));
    assertTrue(badEnum.getMessage().contains("robot") && badEnum.getMessage().contains("assistant"),
        badEnum.getMessage());
    BadMessageException notJson = assertThrows(BadMessageException.class, () -> BusJson.decode("text", TurnAppend.class));
    assertTrue(notJson.getMessage().contains("JSON object"));
  }
}
