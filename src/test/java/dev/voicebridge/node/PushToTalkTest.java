package dev.voicebridge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PushToTalkTest {

  private final PushToTalk ptt = new PushToTalk();

  @Test
  void theCapturesOwnUtteranceEndsWithItsWordsQueuedWhenTheGatewayIsThere() {
    assertTrue(ptt.start("c1"));
    ptt.speechStarted("u1", "push_to_talk");
    assertEquals(Optional.empty(), ptt.speechEnded("u1", "silence"), "the words are awaited");
    assertEquals(Optional.empty(), ptt.transcribed("u0", "someone else", true));
    PushToTalk.Result r = ptt.transcribed("u1", " what time is it ", true).orElseThrow();
    assertEquals(new PushToTalk.Result("c1", "what time is it", "queued"), r);
    assertEquals("{\"captureId\":\"c1\",\"transcript\":\"what time is it\",\"status\":\"queued\"}",
        r.toJson().encode());
    assertFalse(ptt.active());
  }

  @Test
  void withoutTheGatewayTheWordsWaitAndTheAnswerSaysOffline() {
    ptt.start("c1");
    ptt.speechStarted("u1", "push_to_talk");
    ptt.speechEnded("u1", "released");
    assertEquals("offline", ptt.transcribed("u1", "turn on the light", false).orElseThrow().status());
  }

  @Test
  void nobodySpeakingIsEmptyAndSomeoneElsesTurnIsNotTheCaptures() {
    ptt.start("c1");
    ptt.speechStarted("u1", "barge_in");
    assertEquals(Optional.empty(), ptt.speechEnded("u1", "silence"), "the user talking over the bridge is not it");
    assertEquals("empty", ptt.speechEnded("u2", "no_speech").orElseThrow().status());
    ptt.start("c2");
    ptt.speechStarted("u3", "push_to_talk");
    ptt.speechEnded("u3", "silence");
    assertEquals("empty", ptt.transcribed("u3", "  ", true).orElseThrow().status(), "nothing recognised");
  }

  @Test
  void oneCaptureAtATimeAndCancellingOrGivingUpSaysWhatBecameOfIt() {
    ptt.start("c1");
    assertFalse(ptt.start("c2"));
    assertEquals(new PushToTalk.Result("c1", null, "busy"), ptt.busy());
    assertEquals(new PushToTalk.Result("c1", null, "cancelled"), ptt.cancel());
    assertEquals("idle", ptt.cancel().status());
    ptt.start("c3");
    assertEquals("empty", ptt.giveUp().status(), "the budget ran out before anyone spoke");
    ptt.start("c4");
    ptt.speechStarted("u1", "always");
    assertEquals("queued", ptt.giveUp().status(), "their words still go once transcribed");
    ptt.start("c5");
    ptt.speechStarted("u2", "push_to_talk");
    assertEquals("cancelled", ptt.speechEnded("u2", "cancelled").orElseThrow().status());
  }
}
