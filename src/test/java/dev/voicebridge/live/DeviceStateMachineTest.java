package dev.voicebridge.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceStateMachineTest {

  private DeviceStateMachine connected() {
    DeviceStateMachine m = new DeviceStateMachine();
    m.gateway("connected");
    return m;
  }

  @Test
  void aSpokenTurnGoesWaitingListeningThinkingSpeakingWaiting() {
    DeviceStateMachine m = connected();
    assertEquals("waiting", m.state());
    m.listening();
    assertEquals("listening", m.state());
    m.utteranceEnded("silence", 1000);
    assertEquals("thinking", m.state());
    m.transcript("what is the weather", 1010);
    m.runClaimed();
    m.tick(1000 + DeviceStateMachine.UNCLAIMED_THINKING_MS * 3); // a claimed run may think as long as it takes
    assertEquals("thinking", m.state());
    m.speechStarted("r1");
    assertEquals("speaking", m.state());
    m.turnAnswered(); // the run ended while its speech still plays
    assertEquals("speaking", m.state());
    m.speechEnded("r1");
    assertEquals("waiting", m.state());
  }

  @Test
  void nobodySpokeOrACancelledPushToTalkIsNoQuestion() {
    DeviceStateMachine m = connected();
    for (String reason : List.of("no_speech", "cancelled", "restarted")) {
      m.listening();
      m.utteranceEnded(reason, 0);
      assertEquals("waiting", m.state(), reason);
    }
  }

  @Test
  void anEmptyOrIgnoredTranscriptEndsThinking() {
    DeviceStateMachine m = connected();
    m.listening();
    m.utteranceEnded("silence", 0);
    m.transcript("", 10);
    assertEquals("waiting", m.state());
    m.listening();
    m.utteranceEnded("silence", 100);
    m.transcript("stop", 110);
    assertEquals("thinking", m.state());
    m.transcriptIgnored();
    assertEquals("waiting", m.state());
  }

  @Test
  void aHeldTurnOrAnAnswerThatIsNeverHeardEndsThinking() {
    DeviceStateMachine m = connected();
    m.typed(0);
    assertEquals("thinking", m.state());
    m.turnHeld();
    assertEquals("waiting", m.state());
    m.typed(10);
    m.runClaimed();
    m.turnAnswered(); // nothing worth saying, or an error
    assertEquals("waiting", m.state());
  }

  @Test
  void thinkingNothingClaimedEndsByTheClockAsALastResort() {
    DeviceStateMachine m = connected();
    m.typed(1000);
    m.tick(1000 + DeviceStateMachine.UNCLAIMED_THINKING_MS - 1);
    assertEquals("thinking", m.state());
    m.tick(1000 + DeviceStateMachine.UNCLAIMED_THINKING_MS);
    assertEquals("waiting", m.state());
  }

  @Test
  void offlineMutedAndSpeakingRankAsAPersonWouldSeeThem() {
    DeviceStateMachine m = new DeviceStateMachine();
    m.gateway("disconnected");
    assertEquals("offline", m.state());
    m.listening();
    assertEquals("listening", m.state()); // the question is kept and sent when the gateway is back
    m.utteranceEnded("silence", 0);
    m.turnHeld();
    assertEquals("offline", m.state());
    m.muted(true);
    assertEquals("muted", m.state());
    m.speechStarted("announcement");
    assertEquals("speaking", m.state()); // the device still speaks with its microphone muted
    m.halted(List.of(), true);
    assertEquals("muted", m.state());
    m.muted(false);
    m.gateway("connected");
    assertEquals("waiting", m.state());
  }

  @Test
  void aHaltSilencesOnlyTheRunsItNames() {
    DeviceStateMachine m = connected();
    m.speechStarted("a");
    m.speechStarted("b");
    m.halted(List.of("a"), false);
    assertEquals("speaking", m.state());
    m.halted(List.of("b"), false);
    assertEquals("waiting", m.state());
  }
}
