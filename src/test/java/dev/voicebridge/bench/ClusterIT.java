package dev.voicebridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.testkit.SpeechFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code bench cluster} in CI, on the fat jar as a user runs it, on loopback with the real
 * gateway: a hub and two satellites (keys from {@code cluster init} / {@code cluster add-satellite}), each
 * satellite with a real-time microphone and a WAV speaker. A question in the kitchen is answered in the
 * kitchen only; both rooms asking at once are both answered; the office killed mid-utterance leaves the
 * kitchen working; the hub killed and started again: the kitchen says so, joins again by itself, and its
 * conversation goes on in its session with every question stored once; a machine without keys, one with
 * another household's keys, a TLS client without a certificate at any port the hub listens on, and a member
 * asking for what satellites may not, are all refused; an
 * announcement for the office is spoken there only. An idle satellite sends no audio.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterIT {

  @TempDir
  Path dir;

  @Test
  void aHouseholdOfSatellitesConversesRoomByRoomAndSurvivesItsHubAndKeepsStrangersOut() throws Exception {
    SpeechFixtures.requireModels();
    StringWriter log = new StringWriter();
    ClusterBenchmark.Result r;
    try {
      r = new ClusterBenchmark(BridgeProcess.JAR, 2, 1, true, new PrintWriter(log)).run(dir);
    } finally {
      System.out.println(log); // the figures, in the build log
    }
    assertTrue(r.clusterMs().get(0) > 0 && r.oneBoxMs().get(0) > 0, "answered on both sides:\n" + log);
    assertTrue(r.roomsIsolated(), "the kitchen's answer played in the kitchen only:\n" + log);
    assertEquals(2, r.twoAtOnceMs().size(), "both rooms answered at once:\n" + log);
    assertEquals(0.0, r.idleAudioBytesPerSecond(), "an idle satellite sends no audio:\n" + log);
    assertTrue(r.speakingAudioBytesPerSecond() > 0, "a speaking one does:\n" + log);
    assertEquals(7, r.scenarios().size(), log.toString());
    for (ClusterBenchmark.Scenario s : r.scenarios()) {
      assertTrue(s.passed(), s.name() + ": " + s.detail() + "\n" + log);
    }
  }
}
