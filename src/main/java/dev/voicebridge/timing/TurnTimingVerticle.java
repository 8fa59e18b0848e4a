package dev.voicebridge.timing;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SessionMessages.TurnCommitted;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.bus.TimingMessages.TurnTiming;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times every spoken turn as the user lives it and publishes it on {@code turn.timing}: it only listens to
 * what the components already publish, stamping each fact as it arrives (a local bus delivers in well under
 * a millisecond), and leaves the joining to {@link TurnTimeline}. The end of the speech itself is placed
 * from the listener's own account (speech.end says how long after the speech it decided).
 */
public final class TurnTimingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TurnTimingVerticle.class);
  private final long originNanos = System.nanoTime();
  private final Instant origin = Instant.now();
  private final TurnTimeline timeline = new TurnTimeline(
      ms -> Timestamps.format(origin.plusMillis(ms)));

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    Bus.on(bus, Addresses.SPEECH_END, SpeechEnd.class,
        e -> timeline.speechEnded(e.utteranceId(), e.decidedMs() - e.endMs(), now()));
    Bus.on(bus, Addresses.STT_TRANSCRIPT, SttTranscript.class, t -> timeline.transcribed(t.utteranceId(), now()));
    Bus.on(bus, Addresses.STORE_TURN_COMMITTED, TurnCommitted.class, c -> {
      if (c.turn().role() == Role.USER) {
        timeline.committed(c.turn().sessionUuid(), c.turn().turnIndex(), now());
      }
    });
    Bus.on(bus, Addresses.SESSION_RUN, RunClaimed.class, r -> timeline.runStarted(r.runId(), r.sessionKey(),
        r.sessionUuid(), r.turnIndex(), r.utteranceId(), now()));
    Bus.on(bus, Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class, d -> timeline.delta(d.runId(), now()));
    Bus.on(bus, Addresses.SPEECH_SAY, SpeechSay.class, s -> timeline.sentence(s.runId(), now()));
    Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, s -> timeline.firstAudio(s.runId(), now())
        .ifPresent(this::publish));
    Bus.on(bus, Addresses.SPEECH_DONE, SpeechDone.class, d -> timeline.speechDone(d.runId(), d.sentences())
        .ifPresent(this::publish));
    Bus.on(bus, Addresses.GATEWAY_REPLY_ERROR, ReplyError.class, e -> timeline.failed(e.runId())
        .ifPresent(this::publish));
    Bus.on(bus, Addresses.SPEECH_HALT, SpeechHalt.class, h -> timeline.halted(h.runIds() == null
        ? java.util.List.of() : h.runIds(), h.all()).forEach(this::publish));
    vertx.setPeriodic(TurnTimeline.FORGET_AFTER_MS / 4, id -> timeline.expire(now()).forEach(this::publish));
    return Future.succeededFuture();
  }

  private long now() {
    return (System.nanoTime() - originNanos) / 1_000_000;
  }

  private void publish(TurnTiming t) {
    LOG.debug("turn {}: {} — first audio {} ms after the end of speech (end of turn {}, transcript {}, "
        + "accepted {}, first delta {}, first sentence {})", t.utteranceId(), t.outcome(), t.firstAudioMs(),
        t.endOfTurnMs(), t.transcriptMs(), t.acceptedMs(), t.firstDeltaMs(), t.firstSentenceMs());
    Bus.publish(vertx.eventBus(), Addresses.TURN_TIMING, t);
  }
}
