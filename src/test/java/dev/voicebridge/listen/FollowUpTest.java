package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.vad.VadSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowUpTest {

  @Test
  void aReplyOpensAFollowUpLongerAfterAQuestionAndAnAnnouncementNone() {
    FollowUp f = FollowUp.from(VadSettings.from(BridgeConfig.defaults()));
    assertEquals(5000, f.windowMs("run-1", "It is sunny in Lisbon."));
    assertEquals(8000, f.windowMs("run-1", "Shall I set a timer? "));
    assertEquals(5000, f.windowMs("run-1", null));
    assertEquals(0, f.windowMs("announce-7", "Dinner is ready?"));
    assertEquals(0, f.windowMs(null, "one-off"));
    FollowUp off = FollowUp.from(VadSettings.from(BridgeConfig.defaults().with(Map.of("vad.followUpMs", "0"))));
    assertEquals(0, off.windowMs("run-1", "Shall I?"));
  }
}
