package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delaysDoubleFromTheInitialDelayUpToTheCap() {
    Backoff b = new Backoff(new BackoffPolicy(1000, 30_000, 2.0, 0.0), () -> 0.5);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      delays.add(b.next());
    }
    assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L), delays);
    assertEquals(8, b.attempts());
    b.reset();
    assertEquals(1000L, b.next());
  }

  @Test
  void jitterStaysWithinItsFractionAndNeverPassesTheCap() {
    Random random = new Random(42);
    Backoff b = new Backoff(new BackoffPolicy(1000, 30_000, 2.0, 0.2), random::nextDouble);
    double base = 1000;
    for (int i = 0; i < 50; i++) {
      long d = b.next();
      assertTrue(d >= Math.round(base * 0.8) && d <= Math.min(30_000, Math.round(base * 1.2)), "delay " + d + " at " + base);
      base = Math.min(30_000, base * 2);
    }
  }
}
