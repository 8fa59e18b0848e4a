package dev.voicebridge.tts;

import dev.voicebridge.metrics.BridgeMeters;
import dev.voicebridge.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import dev.voicebridge.base.Bounded;
import dev.voicebridge.base.ControlCharacters;
import dev.voicebridge.audio.AudioSink;
import dev.voicebridge.audio.AudioSinkException;
import dev.voicebridge.audio.NullSink;
import dev.voicebridge.audio.PlaybackReference;
import dev.voicebridge.audio.PlaybackSettings;
import dev.voicebridge.audio.TappedSink;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.TtsCue;
import dev.voicebridge.cue.Earcons;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.bus.SpeechOutMessages.TtsError;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speech out on the bus: consumes {@code speech.say} / {@code speech.done} and plays them through the
 * {@link SpeechPipeline}; {@code speech.halt} (the filter's one decision to stop, on barge-in or
 * {@code tts.stop}) stops it at once (handled here on the event loop, never queued behind synthesis).
 * Publishes {@code tts.started}, {@code tts.finished}, {@code tts.interrupted} and {@code tts.error}. A
 * sound device is tapped: what it is given goes out on {@code audio.reference} for echo cancellation.
 *
 * <p>Starting never fails for a missing piece: without espeak-ng it speaks with FreeTTS, without a
 * usable sound device it plays to a real-time null sink — each with one warning saying what to do.
 */
public final class TtsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TtsVerticle.class);

  private final TtsSettings settings;
  private final PlaybackSettings playback;
  private SpeechPipeline pipeline;
  private EventBus bus;
  private Context context;
  private int oneOffs;
  /** Runs whose tts.started was published and whose end was not yet announced (event-loop only). */
  private final java.util.Set<String> startedRuns = new java.util.HashSet<>();
  /** Runs whose speech was stopped (event-loop only; bounded: a run's late sentences come within seconds). */
  private final java.util.Set<String> halted = Bounded.set(256);
  /** Cues as played, by message (the cue and its level); bounded against a program sending every level. */
  private final java.util.Map<TtsCue, byte[]> cues = Bounded.map(16);

  public TtsVerticle(TtsSettings settings, PlaybackSettings playback) {
    this.settings = settings;
    this.playback = playback;
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    context = vertx.getOrCreateContext();
    return vertx.executeBlocking(this::createPipeline).onSuccess(p -> {
      pipeline = p;
      Bus.on(bus, Addresses.SPEECH_SAY, SpeechSay.class, this::say);
      Bus.on(bus, Addresses.SPEECH_DONE, SpeechDone.class, d -> {
        if (!halted.contains(d.runId())) {
          pipeline.end(d.runId());
        }
      });
      // Whether and what to stop is the filter's decision (speech.halt), handled here at once on the event
      // loop: the pipeline stops without waiting for synthesis or playback.
      Bus.on(bus, Addresses.SPEECH_HALT, SpeechHalt.class, this::halt);
      // a cue is rendered once per level: the same few sounds come back all day
      Bus.on(bus, Addresses.TTS_CUE, TtsCue.class, c -> pipeline.cue(cues.computeIfAbsent(c, k -> Earcons.render(
          k.cue(), pipeline.cueFormat(), k.volumeDb() == null ? SpeechOutMessages.CUE_VOLUME_DB : k.volumeDb()))));
      LOG.info("speech out: {} to {}", pipeline.engine(), pipeline.sinkDescription());
    });
  }

  private void halt(SpeechHalt halt) {
    String reason = halt.reason() == null || halt.reason().isBlank() ? "stop" : halt.reason();
    if (halt.runIds() != null) {
      halted.addAll(halt.runIds());
    }
    if (halt.all()) {
      halted.addAll(pipeline.stop(null, reason));
    } else {
      halt.runIds().forEach(runId -> pipeline.stop(runId, reason));
    }
  }

  private void say(SpeechSay say) {
    if (say.runId() != null && halted.contains(say.runId())) {
      // The filter obeys the same halt, but on its own event loop: a sentence it sent just before it saw the
      // halt can arrive here just after it. Spoken, it would start the stopped reply again.
      LOG.debug("dropped a sentence of run {}: its speech was stopped", say.runId());
      return;
    }
    // the filter already strips them from replies; any program may publish speech.say
    String text = ControlCharacters.strip(say.text());
    if (say.runId() == null || say.runId().isBlank()) {
      String id = "say-" + (++oneOffs);
      pipeline.say(id, 0, text);
      pipeline.end(id);
    } else {
      pipeline.say(say.runId(), say.seq(), text);
    }
  }

  /** On a worker: the engine (espeak probe or FreeTTS voice load) and the sink (a device open). */
  private SpeechPipeline createPipeline() {
    Counter fallbacks = BridgeMeters.ttsFallbacks(Meters.registry(vertx));
    Synthesizer synthesizer = Synthesizers.create(settings, warning -> {
      LOG.warn(warning); // every warning of the engines is a fallback to another engine
      fallbacks.increment();
    }, new GatewayVoice(vertx));
    AudioSink sink = openSink(synthesizer);
    return new SpeechPipeline(synthesizer, sink, new BusReports(synthesizer.name()));
  }

  /** The sink as configured; a device is tapped so that echo cancellation hears what it plays. */
  private AudioSink openSink(Synthesizer synthesizer) {
    AudioSink sink = device(synthesizer);
    return sink.realTime() ? new TappedSink(sink, new TappedSink.Tap() {
      @Override
      public void played(short[] pcm16k, long playAtNanos, boolean gap) {
        PlaybackReference.played(bus, pcm16k, playAtNanos, gap);
      }

      @Override
      public void cut(long atNanos) {
        PlaybackReference.cut(bus, atNanos);
      }
    }) : sink;
  }

  private AudioSink device(Synthesizer synthesizer) {
    AudioSink sink = playback.createSink();
    if (!playback.sink().equals("speaker")) {
      return sink;
    }
    try {
      // Open the device now, in the engine's format: a missing sound card is found at start, and the
      // first sentence does not pay for opening the line.
      sink.begin(synthesizer.expectedFormat());
      return sink;
    } catch (AudioSinkException e) {
      LOG.warn("{}; speech is not played (null sink) until this is fixed", e.getMessage());
      sink.close();
      return new NullSink(true);
    }
  }

  /** Publishes the pipeline's reports, from its threads onto this verticle's event loop. */
  private final class BusReports implements SpeechPipeline.Listener {
    private final String engine;

    BusReports(String engine) {
      this.engine = engine;
    }

    @Override
    public void started(String runId) {
      context.runOnContext(v -> {
        startedRuns.add(runId);
        Bus.publish(bus, Addresses.TTS_STARTED, new TtsStarted(runId, engine));
      });
    }

    @Override
    public void finished(String runId, int spokenSentences) {
      // finished pairs with started: a run none of whose sentences could be played announces neither
      context.runOnContext(v -> {
        if (startedRuns.remove(runId)) {
          Bus.publish(bus, Addresses.TTS_FINISHED, new TtsFinished(runId, spokenSentences));
        }
      });
    }

    @Override
    public void interrupted(String runId, int spokenSentences, String reason) {
      context.runOnContext(v -> {
        startedRuns.remove(runId);
        Bus.publish(bus, Addresses.TTS_INTERRUPTED, new TtsInterrupted(runId, spokenSentences, reason));
      });
    }

    @Override
    public void failed(String runId, int seq, String message) {
      LOG.warn("sentence {} of {} was not spoken: {}", seq, runId, message);
      context.runOnContext(v -> Bus.publish(bus, Addresses.TTS_ERROR, new TtsError(runId, seq, engine, message)));
    }
  }

  @Override
  public Future<?> stop() {
    SpeechPipeline p = pipeline;
    return p == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      p.close();
      return null;
    });
  }
}
