package dev.voicebridge.gateway;

import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter. Each {@link #next()} returns the delay before the next attempt and
 * grows the base delay; {@link #reset()} (after a successful connect) starts over. Jitter spreads the
 * reconnects of many bridges after a gateway restart so they do not arrive in one burst.
 */
public final class Backoff {

  private final BackoffPolicy policy;
  private final DoubleSupplier random;
  private double base;
  private int attempts;

  /** @param random uniform values in [0, 1) */
  public Backoff(BackoffPolicy policy, DoubleSupplier random) {
    this.policy = policy;
    this.random = random;
    reset();
  }

  public Backoff(BackoffPolicy policy) {
    this(policy, Math::random);
  }

  /** The delay before the next attempt, in milliseconds, within [1, maxMs]. */
  public long next() {
    double spread = base * policy.jitter() * (2 * random.getAsDouble() - 1);
    long delay = Math.round(Math.min(policy.maxMs(), Math.max(1, base + spread)));
    base = Math.min(policy.maxMs(), base * policy.multiplier());
    attempts++;
    return delay;
  }

  /** Failed attempts since the last reset. */
  public int attempts() {
    return attempts;
  }

  public void reset() {
    base = policy.initialMs();
    attempts = 0;
  }
}
