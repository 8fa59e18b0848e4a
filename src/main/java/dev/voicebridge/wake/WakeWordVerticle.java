package dev.voicebridge.wake;

import dev.voicebridge.app.BridgeException;
import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the wake word on every {@code audio.frame} and publishes {@code wake.detected}. Echo guard:
 * from {@code tts.started} until {@code vad.echoTailMs} after {@code tts.finished} the bridge is talking, and
 * its own voice saying the wake word must not wake it, so detections are dropped (barge-in is the
 * endpointer's job). Deployed as a worker verticle: inference never runs on an event loop.
 *
 * <p>When the engine cannot start (models missing, Porcupine without a key) one warning says why and the
 * verticle stays deployed doing nothing: push-to-talk ({@code wake.trigger}) still opens listening.
 */
public final class WakeWordVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WakeWordVerticle.class);

  private final WakeSettings settings;
  private WakeWordSpotter spotter;

  public WakeWordVerticle(WakeSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    if (settings.engine().equals("none")) {
      LOG.info("no wake word (wake.engine none): {}", settings.pushToTalk()
          ? "listening opens on wake.trigger (push-to-talk)" : "always listening");
      return Future.succeededFuture();
    }
    try {
      WakeWordDetector detector = WakeEngines.create(settings);
      spotter = new WakeWordSpotter(detector, settings.threshold(), settings.refractoryMs());
      LOG.info("listening for the wake word '{}' ({})", detector.keyword(), detector.engine());
    } catch (BridgeException e) {
      LOG.warn("wake word is off: {}. Push-to-talk (wake.trigger) still opens listening.", e.getMessage());
      return Future.succeededFuture();
    }
    EventBus bus = vertx.eventBus();
    AudioFrames.consume(bus, frame -> {
      for (WakeWordSpotter.Detection d : spotter.push(frame.samples(), frame.startSample())) {
        LOG.info("wake word '{}' at {} ms (score {})", d.keyword(), d.atMs(), String.format("%.2f", d.score()));
        Bus.publish(bus, Addresses.WAKE_DETECTED, new WakeDetected(d.keyword(), d.score(), d.atMs(), d.engine()));
      }
    });
    Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, t -> spotter.suppress());
    Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, t -> spotter.release(settings.echoTailMs()));
    Bus.on(bus, Addresses.TTS_INTERRUPTED, TtsInterrupted.class, t -> spotter.release(settings.echoTailMs()));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (spotter != null) {
      spotter.detector().close();
    }
    return Future.succeededFuture();
  }
}
