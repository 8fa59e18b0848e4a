package dev.voicebridge.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The floor's decisions: who is silenced and what is aborted, on the user talking or a stop request. */
class SpeechFloorTest {

  @Test
  void theUserTalkingSilencesEverythingAndAbortsOnlyThisDevicesRunningRuns() {
    SpeechFloor floor = new SpeechFloor();
    floor.started("a");
    floor.started("b");
    floor.ended("a");
    assertEquals(new SpeechFloor.Halt(List.of("b"), true, "barge_in", true), floor.userInterrupted("barge_in"));
  }

  @Test
  void aStopSilencesOneRunOrEverythingAndAbortsNothing() {
    SpeechFloor floor = new SpeechFloor();
    floor.started("a");
    assertEquals(new SpeechFloor.Halt(List.of("x"), false, "stop", false), floor.stopRequested("x", "stop"));
    assertEquals(new SpeechFloor.Halt(List.of("a"), true, "stop", false), floor.stopRequested(null, "stop"));
  }

  @Test
  void withNothingRunningTheUserTalkingStillSilencesTheSpeaker() {
    assertEquals(new SpeechFloor.Halt(List.of(), true, "wake_word", true), new SpeechFloor().userInterrupted("wake_word"));
  }
}
