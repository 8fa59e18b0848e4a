package dev.voicebridge.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.SessionMessages.TranscriptIgnored;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.TimingMessages.TurnTiming;
import dev.voicebridge.testkit.Await;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the bus says becomes Prometheus meters, named as Prometheus expects. */
@ExtendWith(VertxExtension.class)
class MetricsVerticleTest {

  @Test
  void turnsWakeWordsBargeInsAndTheLinkAreCounted(Vertx vertx) throws Exception {
    Await.result(vertx.deployVerticle(new MetricsVerticle()));
    PrometheusMeterRegistry registry = Meters.registry(vertx);
    var bus = vertx.eventBus();
    Bus.publish(bus, Addresses.TURN_TIMING, new TurnTiming("u1", "main", "r1", "spoken", "2026-12-03T10:00:00.000Z",
        250L, 260L, 280L, 300L, 700L, 760L, 900L));
    Bus.publish(bus, Addresses.TURN_TIMING, new TurnTiming("u2", "main", "r2", "error", "2026-12-03T10:00:05.000Z",
        250L, 260L, 280L, null, null, null, null));
    Bus.publish(bus, Addresses.WAKE_DETECTED, new WakeDetected("hey computer", 0.9, 1000, "vosk"));
    Bus.publish(bus, Addresses.BRIDGE_INTERRUPT, new BridgeInterrupt("barge_in", "r1"));
    // a barge-in that heard only the device's own words, and one where the user meant it
    Bus.publish(bus, Addresses.SESSION_TRANSCRIPT_IGNORED, new TranscriptIgnored("u3", "barge_in", "own_words", "x"));
    Bus.publish(bus, Addresses.SESSION_TRANSCRIPT_IGNORED, new TranscriptIgnored("u4", "barge_in", "stop_phrase", "x"));
    Bus.publish(bus, Addresses.SESSION_TRANSCRIPT_IGNORED, new TranscriptIgnored("u5", "wake_word", "empty", "x"));
    Bus.publish(bus, Addresses.GATEWAY_STATUS, GatewayStatus.connected("ws://g", "2026.9.6", "c", "main", 0L));
    Bus.publish(bus, Addresses.GATEWAY_STATUS, GatewayStatus.disconnected("ws://g", 1006, "gone", true, 1000L, null));
    Bus.publish(bus, Addresses.GATEWAY_STATUS, GatewayStatus.connected("ws://g", "2026.9.6", "c2", "main", 0L));

    await(() -> registry.scrape().contains("voicebridge_gateway_reconnects_total 1.0"), registry);
    String text = registry.scrape();
    assertTrue(text.contains("voicebridge_turns_total{outcome=\"spoken\"} 1.0"), text);
    assertTrue(text.contains("voicebridge_turns_total{outcome=\"error\"} 1.0"), text);
    assertTrue(text.contains("voicebridge_turn_stage_seconds_count{stage=\"first_audio\"} 1"), text);
    assertTrue(text.contains("voicebridge_turn_stage_seconds_count{stage=\"end_of_turn\"} 2"), text);
    // 900 ms: in the 1 s bucket, not in the 750 ms one
    assertTrue(text.contains("voicebridge_turn_stage_seconds_bucket{stage=\"first_audio\",le=\"0.75\"} 0"), text);
    assertTrue(text.contains("voicebridge_turn_stage_seconds_bucket{stage=\"first_audio\",le=\"1.0\"} 1"), text);
    assertTrue(text.contains("voicebridge_wake_detections_total{engine=\"vosk\"} 1.0"), text);
    assertTrue(text.contains("voicebridge_barge_ins_total{reason=\"barge_in\"} 1.0"), text);
    assertTrue(text.contains("voicebridge_self_interruptions_suspected_total 1.0"), text);
    assertTrue(text.contains("voicebridge_transcripts_ignored_total{reason=\"stop_phrase\"} 1.0"), text);
    assertTrue(text.contains("voicebridge_gateway_connected 1.0"), text);
  }

  @Test
  void eachVertxCountsItsOwnTurns(Vertx vertx) throws Exception {
    Vertx other = Meters.vertx(new io.vertx.core.VertxOptions());
    try {
      Await.result(vertx.deployVerticle(new MetricsVerticle()));
      Await.result(other.deployVerticle(new MetricsVerticle()));
      Bus.publish(other.eventBus(), Addresses.WAKE_DETECTED, new WakeDetected("hey computer", 0.9, 1000, "vosk"));
      await(() -> Meters.registry(other).scrape().contains("voicebridge_wake_detections_total"), Meters.registry(other));
      assertTrue(!Meters.registry(vertx).scrape().contains("voicebridge_wake_detections_total"));
      // a Vert.x made by the bridge carries Vert.x's and the JVM's meters too
      String text = Meters.registry(other).scrape();
      assertTrue(text.contains("jvm_memory_used_bytes"), "JVM meters");
      assertTrue(text.contains("vertx_"), "Vert.x meters");
      assertTrue(text.contains("process_uptime_seconds"), "process meters");
    } finally {
      Await.result(other.close());
    }
  }

  private static void await(BooleanSupplier condition, PrometheusMeterRegistry registry) throws InterruptedException {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertEquals(true, condition.getAsBoolean(), registry.scrape());
  }
}
