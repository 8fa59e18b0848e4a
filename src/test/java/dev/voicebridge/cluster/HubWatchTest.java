package dev.voicebridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.cluster.HubWatch.Change;
import org.junit.jupiter.api.Test;

class HubWatchTest {

  @Test
  void oneLostCheckIsNotAnOutageThreeAreAndTheFirstAnswerEndsIt() {
    HubWatch w = new HubWatch();
    assertEquals(Change.BACK, w.answered());
    assertEquals(Change.NONE, w.missed());
    assertEquals(Change.NONE, w.answered(), "one miss, then an answer: nothing to say");
    assertEquals(Change.NONE, w.missed());
    assertEquals(Change.NONE, w.missed());
    assertEquals(Change.LOST, w.missed());
    assertFalse(w.reachable());
    assertEquals(Change.NONE, w.missed(), "said once per outage");
    assertEquals(Change.BACK, w.answered());
    assertTrue(w.reachable());
  }

  @Test
  void notReachedYetIsNotUnreachable() {
    HubWatch w = new HubWatch();
    w.missed();
    assertFalse(w.reachable());
    assertFalse(w.unreachable(), "still joining: a wake word is not answered with 'can't reach the hub'");
    w.answered();
    for (int i = 0; i < HubWatch.MISSES_UNREACHABLE; i++) {
      w.missed();
    }
    assertTrue(w.unreachable());
  }

  @Test
  void aHubThatNeverAnsweredIsSaidTooAfterTheTimeJoiningTakes() {
    HubWatch w = new HubWatch();
    for (int i = 1; i < HubWatch.MISSES_NEVER_REACHED; i++) {
      assertEquals(Change.NONE, w.missed());
    }
    assertEquals(Change.LOST, w.missed());
    assertEquals(Change.NONE, w.missed());
    assertEquals(Change.BACK, w.answered());
  }
}
