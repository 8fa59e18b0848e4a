package dev.voicebridge.listen.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CaptureClockTest {

  private static final long NANOS_PER_SAMPLE = 62_500;
  private static final int FRAME = 320; // 20 ms
  private static final long START = 1_000_000_000L;

  @Test
  void aBacklogReadInARushIsNotTakenForTheClockUntilTheReaderHasCaughtUp() {
    CaptureClock clock = new CaptureClock();
    // 1 s of audio waited in the pipe: the first 50 frames are read 1 ms apart, then in real time.
    long backlogFrames = 50;
    long readAt = START + backlogFrames * FRAME * NANOS_PER_SAMPLE;
    long end = 0;
    for (int f = 0; f < backlogFrames; f++) {
      end += FRAME;
      readAt += 1_000_000;
      clock.frame(end, readAt);
      assertFalse(clock.settled(), "still reading the backlog at frame " + f);
    }
    // Caught up: each frame is read 2 ms after its last sample was captured, give or take a millisecond.
    int realTimeFrames = 0;
    while (!clock.settled()) {
      end += FRAME;
      clock.frame(end, START + end * NANOS_PER_SAMPLE + 2_000_000 + (realTimeFrames % 2) * 1_000_000);
      realTimeFrames++;
      assertTrue(realTimeFrames < 100, "never settled");
    }
    assertTrue(realTimeFrames * FRAME >= CaptureClock.SETTLE_SAMPLES, "settled after " + realTimeFrames + " frames");
    // Once settled the index is right to within the reads' own delay (2 ms = 32 samples).
    long someSample = end - 1000;
    assertEquals(someSample - 32, clock.index(START + someSample * NANOS_PER_SAMPLE));
  }

  @Test
  void aSteadyReaderSettlesAfterHalfASecond() {
    CaptureClock clock = new CaptureClock();
    long end = 0;
    int frames = 0;
    while (!clock.settled()) {
      end += FRAME;
      clock.frame(end, START + end * NANOS_PER_SAMPLE + (frames % 3) * 1_000_000);
      frames++;
      assertTrue(frames < 100, "never settled");
    }
    assertEquals(CaptureClock.SETTLE_SAMPLES / FRAME + 1, frames);
  }
}
