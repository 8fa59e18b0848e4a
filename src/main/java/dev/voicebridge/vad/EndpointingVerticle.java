package dev.voicebridge.vad;

import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.SampleChunker;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice activity detection and endpointing on the live stream: runs the VAD on every block (it is cheap,
 * and the echo guard needs it during playback too), feeds the {@link Endpointer}, and publishes
 * {@code speech.start}, {@code speech.end} and {@code bridge.interrupt}. Listens to {@code wake.detected},
 * {@code wake.trigger} and the {@code tts.*} progress. Deployed as a worker verticle: the model runs on
 * the verticle's worker thread, never on an event loop.
 */
public final class EndpointingVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointingVerticle.class);

  private final VadSettings settings;
  private final Endpointer.Mode mode;
  private VoiceActivityDetector vad;
  private Endpointer endpointer;
  private SampleChunker chunker;
  private volatile long processedSamples;
  private volatile boolean inputEnded;

  public EndpointingVerticle(VadSettings settings, Endpointer.Mode mode) {
    this.settings = settings;
    this.mode = mode;
  }

  @Override
  public Future<?> start() {
    vad = VadEngines.create(settings);
    EventBus bus = vertx.eventBus();
    endpointer = new Endpointer(settings, mode, new Endpointer.Events() {
      @Override
      public void speechStart(SpeechStart start) {
        LOG.debug("speech.start {}", start);
        Bus.publish(bus, Addresses.SPEECH_START, start);
      }

      @Override
      public void speechEnd(SpeechEnd end) {
        LOG.debug("speech.end {}", end);
        Bus.publish(bus, Addresses.SPEECH_END, end);
      }

      @Override
      public void interrupt(BridgeInterrupt interrupt) {
        LOG.info("barge-in: {}", interrupt.reason());
        Bus.publish(bus, Addresses.BRIDGE_INTERRUPT, interrupt);
      }
    });
    chunker = new SampleChunker(vad.frameSamples());
    AudioFrames.consume(bus, this::onFrame);
    Bus.on(bus, Addresses.WAKE_DETECTED, WakeDetected.class,
        w -> endpointer.wake(PcmSamples.msToSamples(w.audioMs())));
    Bus.on(bus, Addresses.WAKE_TRIGGER, WakeTrigger.class, t -> endpointer.trigger());
    Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, t -> endpointer.playbackStarted(t.runId()));
    Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, t -> endpointer.playbackFinished());
    Bus.on(bus, Addresses.TTS_INTERRUPTED, TtsInterrupted.class, t -> endpointer.playbackFinished());
    LOG.debug("endpointing with the {} VAD, mode {}", vad.name(), mode);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (vad != null) {
      vad.close();
    }
    return Future.succeededFuture();
  }

  /** Samples processed so far (for commands that wait until a file has been consumed). */
  public long processedSamples() {
    return processedSamples;
  }

  public boolean inputEnded() {
    return inputEnded;
  }

  public boolean inUtterance() {
    return endpointer != null && endpointer.inUtterance();
  }

  private void onFrame(AudioFrames.Frame frame) {
    chunker.push(frame.samples(), frame.startSample(), (block, start) -> endpointer.block(start, block.length,
        vad.speechProbability(block), PcmSamples.rmsDbfs(block, 0, block.length)));
    processedSamples = frame.endSample();
    if (frame.last()) {
      endpointer.endOfInput();
      inputEnded = true;
    }
  }
}
