package dev.voicebridge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.testkit.SpeechFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code bench faults} in CI, on the fat jar as a user runs it: a question asked while the
 * gateway is down is answered when it is back; the gateway killed mid-reply, and the bridge killed mid-reply,
 * and each time the next question is answered aloud; the database's disk full (where a tmpfs can be mounted).
 * Then the store passes {@code db check}, holds every question once in one session, and the gateway received
 * each question once.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultsIT {

  @TempDir
  Path dir;

  @Test
  void aConversationSurvivesOutagesCrashesAndAFullDiskWithNothingLostOrSentTwice() throws Exception {
    SpeechFixtures.requireModels();
    StringWriter log = new StringWriter();
    FaultsBenchmark.Result r = new FaultsBenchmark(BridgeProcess.JAR, List.of(5), 1, 1, true, new PrintWriter(log))
        .run(dir);
    System.out.println(log); // the figures, in the build log
    assertTrue(r.baselineMs() > 0, "the first question was answered aloud:\n" + log);
    assertEquals(1, r.outages().size(), log.toString());
    assertTrue(r.outages().get(0).firstAudioMs() > 0, "the question asked during the outage was answered:\n" + log);
    for (FaultsBenchmark.Crash c : r.crashes()) {
      assertTrue(c.resumed(), c.fault() + ": the conversation went on:\n" + log);
    }
    FaultsBenchmark.Ledger l = r.ledger();
    assertTrue(l.integrityOk(), "db check: " + l.problems());
    assertEquals(1, l.sessions(), "one session throughout:\n" + log);
    assertEquals(l.questionsAsked(), l.userTurnsStored(), "every question stored, once:\n" + log);
    assertEquals(l.questionsAsked(), l.questionsAtGateway(), "every question sent to the gateway, once:\n" + log);
    assertTrue(l.repliesStored() <= 2, "the long reply stored at most once per asking:\n" + log);
    assertTrue(!l.diskFull().contains("DIED") && !l.diskFull().contains("NOT"), l.diskFull() + "\n" + log);
  }
}
