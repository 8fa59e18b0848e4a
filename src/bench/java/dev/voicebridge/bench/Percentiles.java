package dev.voicebridge.bench;

import java.util.Arrays;

/** Latency samples in nanoseconds and the percentiles a benchmark reports. */
public final class Percentiles {

  private final long[] sorted;

  public Percentiles(long[] samplesNanos) {
    this.sorted = samplesNanos.clone();
    Arrays.sort(sorted);
  }

  /** The p-th percentile (0..100) in milliseconds, nearest-rank. */
  public double millis(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  public int count() {
    return sorted.length;
  }

  /** {@code {p50Ms, p99Ms, maxMs, n}}, to the microsecond: how every benchmark reports a latency in JSON. */
  public io.vertx.core.json.JsonObject toJson() {
    return new io.vertx.core.json.JsonObject().put("p50Ms", round(millis(50))).put("p99Ms", round(millis(99)))
        .put("maxMs", round(millis(100))).put("n", count());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  public String summary() {
    return String.format("p50 %.3f ms, p99 %.3f ms (n=%d)", millis(50), millis(99), count());
  }
}
