package dev.voicebridge.app;

import dev.voicebridge.testkit.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge deploys speech out in voice mode, and not in chat mode (which prints, not speaks). */
class SpeechOutDeploymentTest {

  @TempDir
  Path dir;

  private List<String> deployed(BridgeApp.Mode mode) throws Exception {
    BridgeConfig config = BridgeConfig.defaults().with(Map.of("store.path", dir.resolve(mode + ".db").toString(),
        "audio.output.sink", "null"));
    Vertx vertx = Vertx.vertx();
    try {
      return Await.result(BridgeApp.start(vertx, config, mode), 60)
          .deployed();
    } finally {
      Await.result(vertx.close(), 20);
    }
  }

  @Test
  void voiceModeRunsTheFilterAfterThePlayer() throws Exception {
    List<String> voice = deployed(BridgeApp.Mode.VOICE);
    assertTrue(voice.indexOf("tts") >= 0 && voice.indexOf("tts") < voice.indexOf("filter"), voice.toString());
    List<String> chat = deployed(BridgeApp.Mode.CHAT);
    assertEquals(-1, chat.indexOf("tts"), chat.toString());
    assertEquals(-1, chat.indexOf("filter"), chat.toString());
  }
}
