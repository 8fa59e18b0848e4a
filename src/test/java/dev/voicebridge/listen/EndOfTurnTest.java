package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.listen.EndOfTurn.Completeness;
import dev.voicebridge.vad.VadSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndOfTurnTest {

  @Test
  void finishedRequestsAreCompleteAndWordsThatLeadOnAreNot() {
    for (String complete : new String[] {"what time is it", "turn on the kitchen lights", "stop", "thank you",
        "set a timer for ten minutes", "play some music please", "what is the weather tomorrow"}) {
      assertEquals(Completeness.COMPLETE, EndOfTurn.judge(complete), complete);
    }
    for (String incomplete : new String[] {"turn on the", "set a timer for", "remind me to", "add eggs and",
        "um", "what is", "can you", "kitchen", "what is the weather in", "they'll", "set a timer for twenty", "what's", "I want", "tell me"}) {
      assertEquals(Completeness.INCOMPLETE, EndOfTurn.judge(incomplete), incomplete);
    }
    for (String unknown : new String[] {"turn the lights on", "switch it off", "1 2 3"}) {
      assertEquals(Completeness.UNKNOWN, EndOfTurn.judge(unknown), unknown);
    }
    assertEquals(Completeness.UNKNOWN, EndOfTurn.judge(null), "no words to judge by (Whisper)");
    assertEquals(Completeness.INCOMPLETE, EndOfTurn.judge(""), "speech heard as no word: a filler");
    assertEquals(Completeness.INCOMPLETE, EndOfTurn.judge("what is the weather i mean"));
  }

  @Test
  void thePauseFollowsTheWordsWithinTheUsualSilence() {
    EndOfTurn rules = EndOfTurn.from(VadSettings.from(BridgeConfig.defaults()));
    assertEquals(new EndOfTurn(250, 700, 1600, true), rules);
    assertEquals(250, rules.silenceMs("what time is it"));
    assertEquals(700, rules.silenceMs(null));
    assertEquals(1600, rules.silenceMs("turn on the"));
    // a usual silence set shorter or longer than the bounds (the user's Talk setting) bounds them
    assertEquals(150, rules.withUnknownMs(150).silenceMs("what time is it"));
    assertEquals(2000, rules.withUnknownMs(2000).silenceMs("turn on the"));
    assertEquals(250, rules.withUnknownMs(2000).silenceMs("what time is it"));
    // a fixed timeout, as before adaptive endpointing
    EndOfTurn fixed = EndOfTurn.from(VadSettings.from(BridgeConfig.defaults().with(Map.of("vad.endOfTurn.adaptive", "false"))));
    assertEquals(700, fixed.silenceMs("what time is it"));
    assertEquals(700, fixed.silenceMs("turn on the"));
    assertEquals(EndOfTurn.fixed(700).silenceMs("turn on the"), 700);
  }
}
