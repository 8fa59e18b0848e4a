package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} on a machine whose microphone cannot be opened: every component starts, nothing fails. */
class VoiceModeWithoutMicrophoneTest {

  @Test
  void theWholeBridgeStartsWithoutAMicrophone(@TempDir Path dir) {
    BridgeConfig config = BridgeConfig.defaults().with(Map.of(
        "store.path", dir.resolve("sessions.db").toString(),
        "audio.input.device", "no-such-microphone"));
    Vertx vertx = Vertx.vertx();
    try {
      BridgeApp app = CliRuntime.waitFor(BridgeApp.start(vertx, config, BridgeApp.Mode.VOICE));
      assertEquals(List.of("listener", "speech-to-text", "audio-capture"),
          app.deployed().stream().filter(List.of("listener", "speech-to-text", "audio-capture")::contains).toList());
    } finally {
      CliRuntime.waitFor(vertx.close());
    }
  }
}
