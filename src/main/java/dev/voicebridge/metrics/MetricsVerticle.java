package dev.voicebridge.metrics;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.SessionMessages.TranscriptIgnored;
import dev.voicebridge.bus.SessionMessages.TurnHeld;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechOutMessages.TtsError;
import dev.voicebridge.bus.TimingMessages;
import dev.voicebridge.bus.TimingMessages.TurnTiming;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts and times what the bus says into the bridge's meters ({@link BridgeMeters}): each spoken turn's
 * stages (turn.timing), wake words, barge-ins and the ones that were most likely the device interrupting
 * itself, the gateway link, turns held back, speech errors. It only listens: nothing here can slow a turn.
 */
public final class MetricsVerticle extends VerticleBase {

  private MeterRegistry registry;
  private final AtomicInteger connected = new AtomicInteger();
  private boolean everConnected;
  private LinkState link;
  /** Registered at start, so a scrape shows them at zero before the first event. */
  private Counter reconnects;
  private Counter selfInterruptions;

  @Override
  public Future<?> start() {
    registry = Meters.registry(vertx);
    EventBus bus = vertx.eventBus();
    Gauge.builder(BridgeMeters.GATEWAY_CONNECTED, connected, AtomicInteger::get)
        .description("1 while the gateway link is up, else 0").register(registry);
    reconnects = counter(BridgeMeters.GATEWAY_RECONNECTS, "times the gateway link came back after it was lost");
    selfInterruptions = counter(BridgeMeters.SELF_INTERRUPTIONS,
        "barge-ins whose speech was nothing or the device's own words");
    TimingMessages.STAGES.keySet().forEach(stage -> BridgeMeters.turnStage(registry, snake(stage)));

    Bus.on(bus, Addresses.TURN_TIMING, TurnTiming.class, this::turn);
    Bus.on(bus, Addresses.WAKE_DETECTED, WakeDetected.class, w -> counter(BridgeMeters.WAKE_DETECTIONS,
        "wake words heard", "engine", w.engine()).increment());
    Bus.on(bus, Addresses.BRIDGE_INTERRUPT, BridgeInterrupt.class, i -> counter(BridgeMeters.BARGE_INS,
        "times the user talked over the device (or a program stopped it)", "reason", i.reason()).increment());
    Bus.on(bus, Addresses.SESSION_TRANSCRIPT_IGNORED, TranscriptIgnored.class, this::ignored);
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, this::link);
    Bus.on(bus, Addresses.SESSION_TURN_HELD, TurnHeld.class, h -> counter(BridgeMeters.TURNS_HELD,
        "user turns that could not reach the gateway at once", "reason", h.reason()).increment());
    Bus.on(bus, Addresses.TTS_ERROR, TtsError.class, e -> counter(BridgeMeters.TTS_ERRORS,
        "sentences that could not be spoken", "engine", e.engine()).increment());
    return Future.succeededFuture();
  }

  private void turn(TurnTiming t) {
    counter(BridgeMeters.TURNS, "spoken turns by outcome", "outcome", t.outcome()).increment();
    TimingMessages.STAGES.forEach((stage, field) -> {
      Long ms = field.apply(t);
      if (ms != null && ms >= 0) {
        BridgeMeters.turnStage(registry, snake(stage)).record(ms, TimeUnit.MILLISECONDS);
      }
    });
  }

  private void ignored(TranscriptIgnored i) {
    counter(BridgeMeters.TRANSCRIPTS_IGNORED, "final transcripts that did not become a turn", "reason",
        i.reason()).increment();
    if (SelfInterruption.suspected(i)) {
      selfInterruptions.increment();
    }
  }

  private void link(GatewayStatus s) {
    boolean up = s.state() == LinkState.CONNECTED;
    if (up && link != LinkState.CONNECTED && everConnected) {
      reconnects.increment();
    }
    everConnected |= up;
    link = s.state();
    connected.set(up ? 1 : 0);
  }

  private Counter counter(String name, String description, String... tags) {
    String[] clean = tags.clone();
    for (int i = 1; i < clean.length; i += 2) {
      clean[i] = clean[i] == null || clean[i].isBlank() ? "unknown" : clean[i];
    }
    return Counter.builder(name).description(description).tags(clean).register(registry);
  }

  /** endOfTurn → end_of_turn: Prometheus label values in the style of its names. */
  static String snake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
