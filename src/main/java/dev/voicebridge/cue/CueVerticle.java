package dev.voicebridge.cue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.NodeMessages.Announce;
import dev.voicebridge.bus.NodeMessages.AnnounceAccepted;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SessionMessages.TurnHeld;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.TtsCue;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link CuePlan}: sounds go out on {@code tts.cue} (the speaker plays them between sentences,
 * into the echo canceller's reference like speech), a sentence on {@code speech.announce}.
 */
public final class CueVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CueVerticle.class);
  private final CueSettings settings;
  private final CuePlan plan;

  public CueVerticle(CueSettings settings) {
    this.settings = settings;
    this.plan = new CuePlan(settings);
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    Bus.on(bus, Addresses.WAKE_DETECTED, WakeDetected.class, w -> act(plan.listening()));
    Bus.on(bus, Addresses.WAKE_TRIGGER, WakeTrigger.class, t -> act(plan.listening()));
    Bus.on(bus, Addresses.SESSION_TURN_HELD, TurnHeld.class,
        h -> act(plan.held(h.reason(), h.utteranceId() != null)));
    Bus.on(bus, Addresses.SESSION_RUN, RunClaimed.class, r -> act(plan.runStarted(r.runId(), r.utteranceId())));
    Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, s -> plan.heard(s.runId()));
    Bus.on(bus, Addresses.SPEECH_DONE, SpeechDone.class, d -> plan.heard(d.runId()));
    Bus.on(bus, Addresses.SPEECH_HALT, SpeechHalt.class, h -> {
      if (h.all()) {
        plan.heardAll();
      } else if (h.runIds() != null) {
        h.runIds().forEach(plan::heard);
      }
    });
    Bus.on(bus, Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, r -> plan.runEnded(r.runId()));
    Bus.on(bus, Addresses.GATEWAY_REPLY_ABORTED, ReplyAborted.class, r -> plan.runEnded(r.runId()));
    Bus.on(bus, Addresses.GATEWAY_REPLY_ERROR, ReplyError.class, r -> act(plan.runFailed(r.runId())));
    return Future.succeededFuture();
  }

  private void act(List<CuePlan.Action> actions) {
    for (CuePlan.Action a : actions) {
      if (a instanceof CuePlan.Play p) {
        Bus.publish(vertx.eventBus(), Addresses.TTS_CUE, new TtsCue(p.cue(), settings.volumeDb()));
      } else if (a instanceof CuePlan.Say s) {
        Bus.request(vertx.eventBus(), Addresses.SPEECH_ANNOUNCE, new Announce(UUID.randomUUID().toString(), s.text()),
            AnnounceAccepted.class).onFailure(err -> LOG.debug("could not say \"{}\": {}", s.text(), err.getMessage()));
      } else if (a instanceof CuePlan.CheckAgain c) {
        vertx.setTimer(c.afterMs(), id -> act(plan.stillWaiting(c.runId())));
      }
    }
  }
}
