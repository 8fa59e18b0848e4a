package dev.voicebridge.listen.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.listen.echo.ReferenceTimeline.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceTimelineTest {

  private static final int BLOCK = 160;

  /** 10 ms blocks whose sample values count up, so where each sample was placed can be read back. */
  private static short[] block(int n) {
    short[] b = new short[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      b[i] = (short) ((n * BLOCK + i) % 30000 + 1);
    }
    return b;
  }

  private static float[] floats(short[] s) {
    float[] f = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      f[i] = s[i];
    }
    return f;
  }

  /** Places {@code count} blocks with timestamps {@code offset(n)} from seamless; returns the placements. */
  private static List<Placement> play(ReferenceTimeline t, int count, java.util.function.IntToLongFunction offset) {
    List<Placement> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      out.add(t.place(block(n), 1000 + (long) n * BLOCK + offset.applyAsLong(n), false));
    }
    return out;
  }

  @Test
  void jitteringAndStrayTimestampsKeepOneSeamlessBurst() {
    ReferenceTimeline t = new ReferenceTimeline();
    Random r = new Random(3);
    // a few samples of jitter, a late timestamp every so often (a preempted writer), a slow slide (drift)
    List<Placement> placed = play(t, 3000, n -> n == 0 ? 0 : r.nextInt(9) - 4 + (n % 37 == 0 ? 400 : 0) + n / 100);
    assertEquals(Placement.NEW_BURST, placed.get(0));
    assertTrue(placed.subList(1, placed.size()).stream().allMatch(p -> p == Placement.CONTINUED), "" + placed);
    assertEquals(1000, t.burstStart(1000 + 2999L * BLOCK));
    assertEquals(1000 + 3000L * BLOCK, t.end());
  }

  @Test
  void timestampsThatAgreeOnAStepMoveTheRestOfTheBurst() {
    ReferenceTimeline t = new ReferenceTimeline();
    int step = 320; // 20 ms: the server played silence of its own from block 100 on
    List<Placement> placed = play(t, 200, n -> n < 100 ? 0 : step);
    int moved = placed.indexOf(Placement.MOVED);
    assertEquals(100 + ReferenceTimeline.STEP_BLOCKS - 1, moved, "moved when the 8th block agreed: " + placed);
    assertEquals(1, placed.stream().filter(p -> p == Placement.MOVED).count(), "" + placed);
    assertEquals(step, t.lastMove());
    // blocks 100.. play 320 samples later than seamless; before them, nothing changed
    long newStart = 1000 + 100L * BLOCK + step;
    assertEquals(newStart, t.burstStart(newStart + 5));
    float[] got = new float[BLOCK];
    t.copy(1000 + 150L * BLOCK + step, got, BLOCK);
    assertEquals(block(150)[0], got[0]);
    // the blocks placed before the move was clear (100..106) were moved with the rest, sample for sample
    t.copy(newStart, got, BLOCK);
    assertArrayEquals(floats(block(100)), got);
    t.copy(newStart + 6L * BLOCK, got, BLOCK);
    assertArrayEquals(floats(block(106)), got);
    t.copy(1000 + 99L * BLOCK, got, BLOCK);
    assertEquals(block(99)[0], got[0]);
    // the stretch the server filled with its own silence holds nothing
    t.copy(1000 + 100L * BLOCK, got, BLOCK);
    assertEquals(0f, got[0]);
  }

  @Test
  void aStepBackIsFollowedToo() {
    ReferenceTimeline t = new ReferenceTimeline();
    List<Placement> placed = play(t, 200, n -> n < 60 ? 0 : -100);
    assertEquals(1, placed.stream().filter(p -> p == Placement.MOVED).count(), "" + placed);
    assertEquals(-100, t.lastMove());
    float[] got = new float[BLOCK];
    t.copy(1000 + 120L * BLOCK - 100, got, BLOCK);
    assertEquals(block(120)[0], got[0]);
    // moved back over what was placed: the re-placed blocks win from where the move starts
    t.copy(1000 + 60L * BLOCK - 100, got, BLOCK);
    assertArrayEquals(floats(block(60)), got);
    t.copy(1000 + 59L * BLOCK, got, BLOCK);
    assertEquals(block(59)[0], got[0]);
  }

  @Test
  void aDeviceThatRanDryStartsANewBurstAtItsTimestamp() {
    ReferenceTimeline t = new ReferenceTimeline();
    play(t, 10, n -> 0);
    assertEquals(Placement.NEW_BURST, t.place(block(0), 50_000, true));
    assertEquals(50_000, t.burstStart(50_100));
  }
}
