package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.nio.charset.StandardCharsets;

/**
 * Any text frame from a gateway (a WebSocket text frame is UTF-8): a frame, or one protocol error whose
 * message is short enough for a log line whatever the frame's size. Run by {@code scripts/fuzz.sh}; in
 * {@code mvn test} it replays its corpus ({@code FrameCodecFuzzTestInputs}).
 */
class FrameCodecFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyTextIsAFrameOrOneBoundedProtocolError(@NotNull byte[] utf8) {
    String text = new String(utf8, StandardCharsets.UTF_8);
    try {
      GatewayFrame frame = FrameCodec.decode(text);
      assertNotNull(frame);
    } catch (ProtocolException e) {
      assertTrue(e.getMessage().length() <= 400, () -> e.getMessage().length() + " chars: " + e.getMessage());
    }
  }
}
