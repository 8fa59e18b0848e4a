package dev.voicebridge.live;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.DeviceMessages.AudioLevel;
import dev.voicebridge.bus.DeviceMessages.DeviceState;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.SessionMessages.TranscriptIgnored;
import dev.voicebridge.bus.SessionMessages.TurnHeld;
import dev.voicebridge.bus.SessionMessages.TurnCommitted;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.bus.Role;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Publishes {@code device.state} whenever what the device is doing changes (see {@link DeviceStateMachine},
 * which decides it): the live page shows it, and any program can follow the device without knowing which of
 * a dozen addresses mean what.
 */
public final class DeviceStateVerticle extends VerticleBase {

  private static final long TICK_MS = 500;

  private final DeviceStateMachine machine = new DeviceStateMachine();
  private final LongSupplier clockMs;
  private EventBus bus;
  private DeviceState last;

  public DeviceStateVerticle() {
    this(System::currentTimeMillis);
  }

  DeviceStateVerticle(LongSupplier clockMs) {
    this.clockMs = clockMs;
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    on(Addresses.WAKE_DETECTED, WakeDetected.class, w -> machine.listening());
    // push-to-talk (the page's button, the agent through the node): listening opens before anyone speaks
    on(Addresses.WAKE_TRIGGER, WakeTrigger.class, t -> machine.listening());
    on(Addresses.SPEECH_START, SpeechStart.class, s -> machine.listening());
    on(Addresses.SPEECH_END, SpeechEnd.class, e -> machine.utteranceEnded(e.reason(), clockMs.getAsLong()));
    on(Addresses.STT_TRANSCRIPT, SttTranscript.class, t -> machine.transcript(t.text(), clockMs.getAsLong()));
    // a typed turn (the page's text box, chat, other programs) is committed without a transcript first
    on(Addresses.STORE_TURN_COMMITTED, TurnCommitted.class, c -> {
      if (c.turn() != null && c.turn().role() == Role.USER && !"thinking".equals(machine.state())) {
        machine.typed(clockMs.getAsLong());
      }
    });
    on(Addresses.SESSION_TRANSCRIPT_IGNORED, TranscriptIgnored.class, i -> machine.transcriptIgnored());
    on(Addresses.SESSION_RUN, RunClaimed.class, r -> machine.runClaimed());
    on(Addresses.SESSION_TURN_HELD, TurnHeld.class, h -> machine.turnHeld());
    on(Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class, a -> machine.turnAnswered());
    on(Addresses.TTS_STARTED, TtsStarted.class, s -> machine.speechStarted(s.runId()));
    on(Addresses.TTS_FINISHED, TtsFinished.class, f -> machine.speechEnded(f.runId()));
    on(Addresses.TTS_INTERRUPTED, TtsInterrupted.class, i -> machine.speechEnded(i.runId()));
    on(Addresses.SPEECH_HALT, SpeechHalt.class, h -> machine.halted(h.runIds(), h.all()));
    on(Addresses.GATEWAY_STATUS, GatewayStatus.class, g -> machine.gateway(g.state() == null ? null : g.state().wire()));
    on(Addresses.AUDIO_LEVEL, AudioLevel.class, l -> machine.muted(l.muted()));
    vertx.setPeriodic(TICK_MS, id -> {
      machine.tick(clockMs.getAsLong());
      publishIfChanged();
    });
    publishIfChanged();
    return Future.succeededFuture();
  }

  private <M> void on(String address, Class<M> type, java.util.function.Consumer<M> event) {
    Bus.on(bus, address, type, m -> {
      event.accept(m);
      publishIfChanged();
    });
  }

  private void publishIfChanged() {
    if (last != null && last.state().equals(machine.state()) && last.gateway().equals(machine.gateway())
        && last.muted() == machine.muted()) {
      return;
    }
    last = new DeviceState(machine.state(), machine.gateway(), machine.muted(),
        Timestamps.format(Instant.ofEpochMilli(clockMs.getAsLong())));
    Bus.publish(bus, Addresses.DEVICE_STATE, last);
  }
}
