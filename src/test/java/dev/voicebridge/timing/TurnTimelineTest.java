package dev.voicebridge.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.TimingMessages.TurnTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnTimelineTest {

  private final TurnTimeline timeline = new TurnTimeline(ms -> "t" + ms);

  @Test
  void aSpokenTurnIsTimedFromTheEndOfTheSpeechToTheFirstSound() {
    timeline.speechEnded("u1", 300, 1300); // decided 300 ms after the speech ended at 1000
    timeline.transcribed("u1", 1340);
    timeline.committed("s", 4, 1352);
    timeline.runStarted("r1", "main", "s", 4, "u1", 1380);
    timeline.delta("r1", 1900);
    timeline.delta("r1", 1950);
    timeline.sentence("r1", 1960);
    TurnTiming t = timeline.firstAudio("r1", 2030).orElseThrow();

    assertEquals(new TurnTiming("u1", "main", "r1", "spoken", "t1000", 300L, 340L, 352L, 380L, 900L, 960L, 1030L), t);
    assertTrue(timeline.firstAudio("r1", 2100).isEmpty(), "once per turn");
    assertEquals(0, timeline.open());
  }

  @Test
  void aDeltaSeenBeforeTheSessionClaimedItsRunStillCounts() {
    timeline.speechEnded("u1", 250, 1250);
    timeline.transcribed("u1", 1290);
    timeline.delta("r1", 1600); // the gateway client published it before the session's claim arrived
    timeline.sentence("r1", 1610);
    timeline.runStarted("r1", "main", null, null, "u1", 1620);

    TurnTiming t = timeline.firstAudio("r1", 1700).orElseThrow();
    assertEquals(600L, t.firstDeltaMs());
    assertEquals(610L, t.firstSentenceMs());
    assertNull(t.committedMs(), "no commit was seen");
  }

  @Test
  void aRunKnownUnderTwoIdsIsOneTurn() {
    timeline.speechEnded("u1", 0, 1000);
    timeline.runStarted("run", "main", "s", 1, "u1", 1100);
    timeline.runStarted("idem", "main", "s", 1, "u1", 1100);
    timeline.delta("idem", 1200);

    TurnTiming t = timeline.firstAudio("run", 1300).orElseThrow();
    assertEquals("run", t.runId());
    assertEquals(200L, t.firstDeltaMs());
    assertTrue(timeline.firstAudio("idem", 1400).isEmpty());
  }

  @Test
  void aReplyWithNothingToSayEndsSilentAndAFailedRunEndsInError() {
    timeline.speechEnded("u1", 0, 1000);
    timeline.runStarted("r1", "main", "s", 1, "u1", 1100);
    assertTrue(timeline.speechDone("r1", 2).isEmpty(), "sentences were said: their sound completes it");
    assertEquals("silent", timeline.speechDone("r1", 0).orElseThrow().outcome());

    timeline.speechEnded("u2", 0, 5000);
    timeline.runStarted("r2", "main", "s", 3, "u2", 5100);
    TurnTiming failed = timeline.failed("r2").orElseThrow();
    assertEquals("error", failed.outcome());
    assertNull(failed.firstAudioMs());
  }

  @Test
  void speechStoppedBeforeItWasHeardEndsTheTurnInterrupted() {
    timeline.speechEnded("u1", 0, 1000);
    timeline.runStarted("r1", "main", "s", 1, "u1", 1100);
    List<TurnTiming> halted = timeline.halted(List.of(), true);
    assertEquals(List.of("interrupted"), halted.stream().map(TurnTiming::outcome).toList());
  }

  @Test
  void utterancesThatNeverBecameTurnsAreForgottenAndRunsWithoutSoundEndUnanswered() {
    timeline.speechEnded("dropped", 0, 1000); // e.g. the bridge's own words heard back: never sent
    timeline.speechEnded("u2", 0, 2000);
    timeline.runStarted("r2", "main", "s", 1, "u2", 2100);

    List<TurnTiming> expired = timeline.expire(2000 + TurnTimeline.FORGET_AFTER_MS + 1);
    assertEquals(List.of("unanswered"), expired.stream().map(TurnTiming::outcome).toList());
    assertEquals(0, timeline.open());
  }

  @Test
  void runsThatNoUtteranceStartedAreNotTurns() {
    timeline.runStarted("typed", "main", "s", 1, null, 100);
    timeline.delta("typed", 200);
    assertTrue(timeline.firstAudio("typed", 300).isEmpty());
  }
}
