package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.config.BridgeConfig;
import org.junit.jupiter.api.Test;

/** Which transcripts become turns, and how they are sent. */
class TranscriptPolicyTest {

  private final TranscriptPolicy policy = new TranscriptPolicy(
      SessionSettings.from(BridgeConfig.defaults()).stopPhrases());

  private static SttTranscript said(String text, String trigger) {
    return new SttTranscript("u", text, "vosk", 1000, 10, trigger);
  }

  @Test
  void talkingOverTheBridgeWithARequestInterruptsTheOldTurn() {
    TranscriptPolicy.Decision d = policy.decide(said("stop, what time is it in tokyo", "barge_in"));
    assertTrue(d.send());
    assertEquals("interrupt", d.queueMode());
  }

  @Test
  void onlyAskingForSilenceSendsNothing() {
    assertFalse(policy.decide(said("stop", "barge_in")).send());
    assertFalse(policy.decide(said("okay stop talking please", "barge_in")).send());
    assertFalse(policy.decide(said("be quiet, be quiet", "barge_in")).send());
  }

  @Test
  void aStopWordAfterTheWakeWordIsStillATurnAndNoiseIsNothing() {
    // not talking over the bridge: the user called it on purpose; the agent may know what "stop" refers to
    TranscriptPolicy.Decision d = policy.decide(said("stop the timer", "wake_word"));
    assertTrue(d.send());
    assertEquals(null, d.queueMode());
    assertFalse(policy.decide(said("  ", "wake_word")).send());
  }
}
