package dev.voicebridge.listen.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The echo path's model: one stray measurement changes nothing, and restarts are expected where they land. */
class EchoPathTest {

  private static EchoPath.Measurement at(long burst, double x, double lag) {
    return new EchoPath.Measurement(burst, x, lag, 10);
  }

  @Test
  void aDeviceThatRestartsLaterEachTimeIsExpectedThereAfterOneRestart() {
    EchoPath path = new EchoPath(0, false);
    path.add(at(0, 8_000, 1_220));
    path.add(at(0, 16_000, 1_220));
    assertTrue(path.locked());
    assertEquals(1_220, path.latency(0), 0.5);
    // flushed at a barge-in: the next burst is heard 127 samples (7.9 ms) later than its timestamps say
    assertEquals(1_220, path.latency(100_000), 0.5, "nothing learnt yet: the latest latency");
    path.add(at(100_000, 8_000, 1_347));
    assertFalse(path.measured(100_000), "one measurement off the model is not enough");
    path.add(at(100_000, 12_000, 1_347));
    assertEquals(1_347, path.latency(100_000), 0.5);
    // the next restart is expected 127 samples later again, and one measurement there is enough
    assertEquals(1_474, path.latency(200_000), 0.5);
    double moved = path.add(at(200_000, 8_000, 1_466));
    assertTrue(path.measured(200_000));
    assertEquals(-8, moved, 0.5, "landed 8 samples (0.5 ms) from where it was expected");
  }

  @Test
  void oneStrayMeasurementChangesNothing() {
    EchoPath path = new EchoPath(0, false);
    path.add(at(0, 8_000, 800));
    path.add(at(0, 16_000, 800));
    path.add(at(0, 24_000, 800));
    path.add(at(0, 32_000, 1_300)); // a reflection won once
    assertEquals(800, path.latency(0), 0.5);
  }
}
