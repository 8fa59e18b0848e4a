package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import dev.voicebridge.config.BridgeConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TalkPreferencesTest {

  private static final TalkConfig GATEWAY = new TalkConfig(900, false, "en-US", "openai", "alloy");

  @Test
  void theGatewaysTalkSettingsApplyWhereThisDeviceSetNothing() {
    TalkPreferences.Effective e = TalkPreferences.from(BridgeConfig.defaults()).apply(GATEWAY);
    assertEquals(new TalkPreferences.Effective(900, false, "gateway", "gateway"), e);
  }

  @Test
  void aValueSetForThisDeviceWinsOverTheGateways() {
    TalkPreferences device = TalkPreferences.from(BridgeConfig.defaults().with(Map.of("vad.silenceMs", "1200")));
    assertEquals(new TalkPreferences.Effective(1200, false, "device", "gateway"), device.apply(GATEWAY));
    TalkPreferences both = TalkPreferences.from(BridgeConfig.defaults().with(Map.of("vad.interruptOnSpeech", "true")));
    assertEquals(new TalkPreferences.Effective(900, true, "gateway", "device"), both.apply(GATEWAY));
  }

  @Test
  void whatTheGatewayLeavesUnsetKeepsTheDefaults() {
    TalkPreferences.Effective e = TalkPreferences.from(BridgeConfig.defaults()).apply(TalkConfig.NONE);
    assertEquals(new TalkPreferences.Effective(700, true, "default", "default"), e);
    assertEquals(e, TalkPreferences.from(BridgeConfig.defaults()).apply(null));
  }

  @Test
  void aGatewaySilenceOutsideWhatThisDeviceAcceptsIsBroughtIntoRange() {
    TalkPreferences p = TalkPreferences.from(BridgeConfig.defaults());
    assertEquals(100, p.apply(new TalkConfig(1, null, null, null, null)).silenceMs());
    assertEquals(5000, p.apply(new TalkConfig(60_000, null, null, null, null)).silenceMs());
  }
}
