package dev.voicebridge.stt;

import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.audio.AudioHistory;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.bus.AddressScope;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttPartial;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes each utterance the endpointer delimits: from {@code speech.start} (with its pre-roll, taken
 * from the recent audio kept here) the frames go to the engine as they arrive, partial results are
 * published on {@code stt.partial}, and at {@code speech.end} the final transcript goes to
 * {@code stt.transcript}. A worker verticle: the model is loaded in {@code start} and every inference runs
 * on this verticle's worker thread, one utterance at a time.
 */
public final class TranscriptionVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TranscriptionVerticle.class);
  private static final int HISTORY_SECONDS = 30;
  /** Audio after the end of speech still given to the engine: the end of the last word, and a little silence. */
  private static final long TAIL_SAMPLES = PcmSamples.msToSamples(200);

  private final SttSettings settings;
  private final AddressScope scope;
  private Transcriber transcriber;
  private final AudioHistory history = new AudioHistory(PcmSamples.RATE * HISTORY_SECONDS);
  private String utteranceId;
  private String trigger;
  private String wakeWord;
  private String routedKey;
  private Transcriber.Utterance utterance;
  private long audioStartMs;
  private long fedUntil;
  /** The utterance's words so far (the engine's last partial transcript). */
  private String wordsSoFar = "";
  private volatile int pending;
  /** The gateway's speech locale last acted on (each is logged once). */
  private String speechLocale;

  public TranscriptionVerticle(SttSettings settings) {
    this(settings, AddressScope.DEVICE);
  }

  /** Transcribing the utterances on {@code scope}'s addresses (a satellite room's, on a hub). */
  public TranscriptionVerticle(SttSettings settings, AddressScope scope) {
    this.settings = settings;
    this.scope = scope;
  }

  @Override
  public Future<?> start() {
    Optional<Transcriber> engine = Transcribers.forBridge(settings);
    if (engine.isEmpty()) {
      return Future.succeededFuture();
    }
    transcriber = engine.get();
    LOG.info("speech-to-text: {}", transcriber.engine());
    EventBus bus = vertx.eventBus();
    AudioFrames.consume(bus, scope.of(Addresses.AUDIO_FRAME), frame -> {
      history.append(frame.samples(), frame.startSample());
      if (utterance != null) {
        feed(bus, history.end());
      }
    });
    Bus.on(bus, scope.of(Addresses.SPEECH_START), SpeechStart.class, start -> onStart(bus, start));
    Bus.on(bus, scope.of(Addresses.SPEECH_END), SpeechEnd.class, end -> onEnd(bus, end));
    Bus.on(bus, Addresses.GATEWAY_TALK, TalkConfig.class, this::talkLocale);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (transcriber != null) {
      transcriber.close();
    }
    return Future.succeededFuture();
  }

  /** The engine in use, if any. */
  public Optional<String> engine() {
    return Optional.ofNullable(transcriber).map(Transcriber::engine);
  }

  /** Utterances started and not yet transcribed (for commands that wait for the last transcript). */
  public int pending() {
    return pending;
  }

  private void onStart(EventBus bus, SpeechStart start) {
    if (utterance != null) {
      utterance.cancel();
      pending--;
    }
    utteranceId = start.utteranceId();
    trigger = start.trigger();
    wakeWord = start.wakeWord();
    routedKey = start.sessionKey();
    audioStartMs = start.audioStartMs();
    utterance = transcriber.open();
    wordsSoFar = "";
    pending++;
    // Only what the endpointer has judged so far: when a file is read faster than real time, the recent
    // audio here may already hold the next utterance.
    fedUntil = PcmSamples.msToSamples(start.audioStartMs());
    feed(bus, PcmSamples.msToSamples(start.detectedMs()));
  }

  /** Gives the engine the held audio from where it stopped up to {@code to}. */
  private void feed(EventBus bus, long to) {
    long from = Math.max(fedUntil, history.start());
    short[] audio = history.range(from, to);
    if (audio.length > 0) {
      fedUntil = from + audio.length;
      publishPartial(bus, utterance.accept(audio, audio.length));
    }
  }

  /** The gateway's Talk speech locale: Whisper follows it (unless set here); a Vosk model that cannot, says so. */
  private void talkLocale(TalkConfig talk) {
    if (talk.speechLocale() == null || talk.speechLocale().equals(speechLocale)) {
      return;
    }
    speechLocale = talk.speechLocale();
    SpeechLocale.Decision d = SpeechLocale.decide(transcriber.engine(), settings, settings.whisperLanguageLocal(),
        speechLocale);
    if (d.whisperLanguage() != null) {
      transcriber.language(d.whisperLanguage());
    }
    if (d.message() != null) {
      if (d.warning()) {
        LOG.warn("{}", d.message());
      } else {
        LOG.info("{}", d.message());
      }
    }
  }

  private void onEnd(EventBus bus, SpeechEnd end) {
    if (utterance == null || !end.utteranceId().equals(utteranceId)) {
      return; // no_speech after a wake word, or an utterance this verticle never saw start
    }
    if ("restarted".equals(end.reason()) || "cancelled".equals(end.reason())) {
      // it starts again after the wake word, or push-to-talk was cancelled: nothing of it is transcribed
      utterance.cancel();
      utterance = null;
      pending--;
      return;
    }
    long t0 = System.nanoTime();
    feed(bus, PcmSamples.msToSamples(end.endMs()) + TAIL_SAMPLES);
    Transcriber.Utterance u = utterance;
    utterance = null;
    String text;
    try {
      text = u.finish();
    } catch (RuntimeException e) {
      LOG.warn("transcription of utterance {} failed: {}", end.utteranceId(), e.getMessage());
      pending--;
      return;
    }
    long latencyMs = (System.nanoTime() - t0) / 1_000_000;
    SttTranscript t = new SttTranscript(end.utteranceId(), text, transcriber.engine(), end.endMs() - audioStartMs,
        latencyMs, trigger, wakeWord, routedKey);
    LOG.info("transcript ({} ms after speech end): {}", latencyMs, text);
    Bus.publish(bus, scope.of(Addresses.STT_TRANSCRIPT), t);
    pending--;
  }

  /**
   * Publishes the words so far after every piece of audio heard, changed or not: the listener judges from
   * them how long a pause ends the turn, and must know they cover the speech it has seen end.
   */
  private void publishPartial(EventBus bus, String partial) {
    if (partial != null) {
      wordsSoFar = partial;
    }
    if (transcriber.streams()) {
      Bus.publish(bus, scope.of(Addresses.STT_PARTIAL), new SttPartial(utteranceId, wordsSoFar, PcmSamples.samplesToMs(fedUntil)));
    }
  }
}
