package dev.voicebridge.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.bus.SpeechOutMessages.Cue;
import dev.voicebridge.cue.CuePlan.CheckAgain;
import dev.voicebridge.cue.CuePlan.Play;
import dev.voicebridge.cue.CuePlan.Say;
import java.util.List;
import org.junit.jupiter.api.Test;

class CuePlanTest {

  private static final String AWAY = "I can't reach OpenClaw right now.";
  private final CuePlan plan = new CuePlan(new CueSettings(true, true, 1500, -20, AWAY));

  @Test
  void listeningSoundsTheWakeCueUnlessItIsOff() {
    assertEquals(List.of(new Play(Cue.WAKE)), plan.listening());
    assertEquals(List.of(), new CuePlan(new CueSettings(false, true, 0, -20, "")).listening());
  }

  @Test
  void aSpokenTurnTheGatewayCannotTakeIsAnsweredAloud() {
    assertEquals(List.of(new Say(AWAY)), plan.held("unreachable", true));
    assertEquals(List.of(new Play(Cue.ERROR)), plan.held("failed", true));
    assertEquals(List.of(), plan.held("unreachable", false), "typed input is told by its reply");
    assertEquals(List.of(), new CuePlan(new CueSettings(true, true, 0, -20, "")).held("unreachable", true),
        "an empty sentence keeps the device silent");
  }

  @Test
  void aTurnWithNothingHeardYetGetsTheThinkingSoundUntilItsReplyIsHeard() {
    assertEquals(List.of(new CheckAgain("r1", 1500)), plan.runStarted("r1", "u1"));
    assertEquals(List.of(), plan.runStarted("idem-1", "u1"), "one turn known under two run ids waits once");
    assertEquals(List.of(new Play(Cue.THINKING), new CheckAgain("r1", 1500)), plan.stillWaiting("r1"));
    plan.heard("r1");
    assertEquals(List.of(), plan.stillWaiting("r1"));
  }

  @Test
  void thinkingIsOffByDefaultAndForTypedTurns() {
    CuePlan quiet = new CuePlan(new CueSettings(true, true, 0, -20, AWAY));
    assertEquals(List.of(), quiet.runStarted("r1", "u1"));
    assertEquals(List.of(), plan.runStarted("typed", null));
  }

  @Test
  void theThinkingSoundStopsAfterItsLimit() {
    plan.runStarted("r1", "u1");
    for (int i = 1; i < CuePlan.MAX_THINKING; i++) {
      assertEquals(2, plan.stillWaiting("r1").size());
    }
    assertEquals(List.of(new Play(Cue.THINKING)), plan.stillWaiting("r1"));
    assertEquals(List.of(), plan.stillWaiting("r1"));
  }

  @Test
  void onlyThisDevicesFailedRunsSoundTheErrorCue() {
    plan.runStarted("mine", null);
    assertEquals(List.of(new Play(Cue.ERROR)), plan.runFailed("mine"));
    assertEquals(List.of(), plan.runFailed("another client's"));
    plan.runStarted("answered", null);
    plan.runEnded("answered");
    assertEquals(List.of(), plan.runFailed("answered"));
  }

  @Test
  void bargeInSilencesEveryWait() {
    plan.runStarted("r1", "u1");
    plan.heardAll();
    assertEquals(List.of(), plan.stillWaiting("r1"));
  }
}
