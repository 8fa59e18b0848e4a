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

  @Test
  void theBridgesOwnWordsHeardBackAreNotATurn() {
    policy.said("The history of Paris begins with the Parisii, a Celtic tribe.");
    policy.said("Is there more? Yes: the Romans came next.");
    // a stray word or two of its own voice, in the order it said them: dropped
    assertFalse(policy.decide(said("the", "barge_in")).send());
    assertFalse(policy.decide(said("is", "barge_in")).send());
    TranscriptPolicy.Decision echo = policy.decide(said("celtic tribe is there", "barge_in"));
    assertFalse(echo.send(), "across two sentences in a row");
    assertTrue(echo.reason().contains("own words"), echo.reason());
    // words it did not say, or not in that order, or more than a few: the user's
    assertTrue(policy.decide(said("tribe celtic", "barge_in")).send());
    assertTrue(policy.decide(said("what about london", "barge_in")).send());
    assertTrue(policy.decide(said("the history of paris begins with", "barge_in")).send(),
        "more than " + TranscriptPolicy.MAX_ECHO_WORDS + " words: the user, even repeating the bridge");
    // the follow-up window opens as the bridge stops: its last words may still be in the room
    assertFalse(policy.decide(said("a celtic tribe", "follow_up")).send());
    assertTrue(policy.decide(said("and what about rome", "follow_up")).send());
    assertEquals(null, policy.decide(said("and what about rome", "follow_up")).queueMode());
    // and only while talking over the bridge: after the wake word, "is" is the user's
    assertTrue(policy.decide(said("is", "wake_word")).send());
  }

  @Test
  void onlyTheLastFewSentencesCanEcho() {
    policy.said("Zebras are striped.");
    for (int i = 0; i < 4; i++) {
      policy.said("Sentence number " + i + " of the reply.");
    }
    assertTrue(policy.decide(said("zebras", "barge_in")).send(), "said too long ago to be an echo");
    assertFalse(policy.decide(said("of the reply", "barge_in")).send());
  }
}
