package dev.voicebridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.AudioFrames.Frame;
import dev.voicebridge.audio.PcmSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtteranceUplinkTest {

  private static Frame frame(long ms) {
    short[] s = new short[PcmSamples.SAMPLES_PER_MS * 20];
    java.util.Arrays.fill(s, (short) ms);
    return new Frame(s, PcmSamples.msToSamples(ms), false);
  }

  @Test
  void nothingLeavesBetweenUtterances() {
    UtteranceUplink u = new UtteranceUplink();
    for (long ms = 0; ms < 3000; ms += 20) {
      assertEquals(List.of(), u.heard(frame(ms)));
    }
  }

  @Test
  void anUtteranceSendsItsPreRollThenEachFrameUntilItEnds() {
    UtteranceUplink u = new UtteranceUplink();
    for (long ms = 0; ms < 2000; ms += 20) {
      u.heard(frame(ms));
    }
    // speech began at 1700 ms and was detected now (2000 ms): 300 ms of pre-roll, in pieces of at most 100 ms
    List<UtteranceUplink.Chunk> preRoll = u.opened(1700);
    assertEquals(3, preRoll.size());
    assertEquals(PcmSamples.msToSamples(1700), preRoll.get(0).startSample());
    assertEquals(1700, preRoll.get(0).samples()[0], "the audio itself, from where the speech began");
    assertEquals(PcmSamples.msToSamples(300), preRoll.stream().mapToInt(c -> c.samples().length).sum());
    List<UtteranceUplink.Chunk> live = u.heard(frame(2000));
    assertEquals(1, live.size());
    assertEquals(PcmSamples.msToSamples(2000), live.get(0).startSample());
    u.closed();
    assertEquals(List.of(), u.heard(frame(2020)));
    assertTrue(!u.open());
  }

  @Test
  void aPreRollOlderThanWhatIsKeptStartsAtTheOldestAudio() {
    UtteranceUplink u = new UtteranceUplink();
    for (long ms = 0; ms < 8000; ms += 20) {
      u.heard(frame(ms));
    }
    List<UtteranceUplink.Chunk> preRoll = u.opened(0);
    assertEquals(PcmSamples.msToSamples(8000 - UtteranceUplink.HISTORY_SECONDS * 1000L), preRoll.get(0).startSample());
  }
}
