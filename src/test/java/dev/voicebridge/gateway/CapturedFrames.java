package dev.voicebridge.gateway;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The frames of one real exchange with OpenClaw 2026.9.6 ({@code dir} in/out), from the test resources. */
final class CapturedFrames {

  private CapturedFrames() {
  }

  static List<JsonObject> all() {
    try (InputStream in = CapturedFrames.class.getResourceAsStream("/gateway/openclaw-gateway-frames.jsonl")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
          .map(JsonObject::new).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first frame in direction {@code dir} for which {@code test} holds. */
  static JsonObject first(String dir, java.util.function.Predicate<JsonObject> test) {
    return all().stream().filter(f -> dir.equals(f.getString("dir")) && test.test(f)).findFirst().orElseThrow();
  }
}
