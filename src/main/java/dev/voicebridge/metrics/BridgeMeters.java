package dev.voicebridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The bridge's own meters, named once (docs/metrics.md lists them as Prometheus shows them: dots become
 * underscores, timers gain {@code _seconds}, counters {@code _total}). Components that measure something
 * themselves (the store's commits, the speech engine's fallbacks) take their meter from here; everything the
 * bus says is counted by {@link MetricsVerticle}.
 */
public final class BridgeMeters {

  public static final String TURN_STAGE = "voicebridge.turn.stage";
  public static final String TURNS = "voicebridge.turns";
  public static final String WAKE_DETECTIONS = "voicebridge.wake.detections";
  public static final String BARGE_INS = "voicebridge.barge.ins";
  public static final String SELF_INTERRUPTIONS = "voicebridge.self.interruptions.suspected";
  public static final String TRANSCRIPTS_IGNORED = "voicebridge.transcripts.ignored";
  public static final String GATEWAY_CONNECTED = "voicebridge.gateway.connected";
  public static final String GATEWAY_RECONNECTS = "voicebridge.gateway.reconnects";
  public static final String TURNS_HELD = "voicebridge.turns.held";
  public static final String STORE_COMMIT = "voicebridge.store.commit";
  public static final String TTS_FALLBACKS = "voicebridge.tts.fallbacks";
  public static final String TTS_ERRORS = "voicebridge.tts.errors";

  /**
   * Buckets of the latency histograms: a person notices 200 ms, minds 1 s and gives up around 10 s; finer
   * steps where the bridge's own stages live (tens of milliseconds).
   */
  private static final Duration[] USER_LATENCY_BUCKETS = durations(10, 25, 50, 100, 200, 300, 500, 750, 1000, 1500,
      2000, 3000, 5000, 10000, 30000);
  private static final Duration[] STORE_BUCKETS = durations(1, 2, 5, 10, 25, 50, 100, 250, 1000);

  private BridgeMeters() {
  }

  /** One stage of a spoken turn, from the end of the user's speech (turn.timing). */
  public static Timer turnStage(MeterRegistry registry, String stage) {
    return Timer.builder(TURN_STAGE).description("time from the end of the user's speech to a stage of the turn")
        .tag("stage", stage).serviceLevelObjectives(USER_LATENCY_BUCKETS).register(registry);
  }

  /** One committed transaction of the store (a group of writes, or one). */
  public static Timer storeCommit(MeterRegistry registry) {
    return Timer.builder(STORE_COMMIT).description("time to write and commit one group of store writes")
        .serviceLevelObjectives(STORE_BUCKETS).register(registry);
  }

  /**
   * Speech that fell back to another engine: at start (espeak-ng missing: FreeTTS; the gateway's voice with
   * no gateway client: the local engine) and per reply (the gateway could not speak a sentence).
   */
  public static Counter ttsFallbacks(MeterRegistry registry) {
    return Counter.builder(TTS_FALLBACKS).description("times speech fell back from the configured engine to another")
        .register(registry);
  }

  private static Duration[] durations(long... ms) {
    Duration[] out = new Duration[ms.length];
    for (int i = 0; i < ms.length; i++) {
      out[i] = Duration.ofMillis(ms[i]);
    }
    return out;
  }
}
