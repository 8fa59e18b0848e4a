package dev.voicebridge.gateway;

import dev.voicebridge.config.BridgeConfig;

/** How reconnect delays grow: from {@code initialMs}, times {@code multiplier} per failure, capped at {@code maxMs}, with random jitter. */
public record BackoffPolicy(long initialMs, long maxMs, double multiplier, double jitter) {

  public BackoffPolicy {
    if (initialMs < 1 || maxMs < initialMs || multiplier < 1.0 || jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("bad backoff: initial " + initialMs + " ms, max " + maxMs + " ms, x"
          + multiplier + ", jitter " + jitter);
    }
  }

  public static BackoffPolicy from(BridgeConfig config) {
    return new BackoffPolicy(
        config.integer("gateway.reconnect.initialDelayMs"),
        config.integer("gateway.reconnect.maxDelayMs"),
        config.decimal("gateway.reconnect.multiplier"),
        config.decimal("gateway.reconnect.jitter"));
  }
}
