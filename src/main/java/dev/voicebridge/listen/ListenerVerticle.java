package dev.voicebridge.listen;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.SampleChunker;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.NodeMessages.ListenControl;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttPartial;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.vad.VadEngines;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import dev.voicebridge.wake.VoskPhraseDetector;
import dev.voicebridge.wake.WakeEngines;
import dev.voicebridge.wake.WakeSettings;
import dev.voicebridge.wake.WakeWordSpotter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The always-on part of speech in: on every {@code audio.frame}, the VAD (for endpointing and, during
 * playback, barge-in) and the wake-word detector, feeding one {@link Endpointer}. Publishes
 * {@code wake.detected}, {@code speech.start}, {@code speech.end} and {@code bridge.interrupt}; listens to
 * {@code wake.trigger} and the {@code tts.*} progress (echo guard). The frames are echo-cancelled and say
 * how much of the bridge's voice is left in them ({@code echoDb}): the endpointer tells the user from the
 * echo by it, so barge-in and a wake word during playback work while the bridge speaks.
 *
 * <p>Wake word and VAD run here, on one worker thread in stream order, rather than in two verticles: the
 * endpointer then always knows where the wake word ended relative to the speech it sees, whether the audio
 * comes in real time or from a file read as fast as possible. Both models are small (together a few
 * percent of a core); transcription, the heavy part, runs in its own verticle.
 *
 * <p>A wake-word engine that cannot start (models missing, Porcupine without a key) gives one warning and
 * leaves push-to-talk ({@code wake.trigger}) as the way to open listening.
 */
public final class ListenerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ListenerVerticle.class);

  private final WakeSettings wakeSettings;
  private final VadSettings vadSettings;
  private final TalkPreferences talkPreferences;
  /** The turn-taking settings last applied from the gateway's Talk settings (listener thread). */
  private TalkPreferences.Effective turnTaking;
  private final FollowUp followUp;
  /** The run and last sentence the bridge was last given to speak (listener thread). */
  private String lastRunId;
  private String lastSentence;
  /** The wake phrase of the last turn (null: none, or not a gateway trigger), for its follow-up's routing. */
  private String lastTurnWakeWord;
  private WakeWordSpotter spotter;
  private boolean toldGatewayTriggersUnused;
  private VoiceActivityDetector vad;
  private Endpointer endpointer;
  /** The gateway's triggers and their routes (none until it has said). */
  private VoiceWake voiceWake = new VoiceWake(null, null, null);
  /** The wake phrase that opened the current listening. */
  private String wokenBy;
  private SampleChunker vadChunker;
  private final EchoLevels echoLevels = new EchoLevels();
  private volatile boolean inputEnded;
  private volatile long processedSamples;

  public ListenerVerticle(WakeSettings wakeSettings, VadSettings vadSettings) {
    this(wakeSettings, vadSettings, TalkPreferences.defaults(vadSettings));
  }

  /** {@code talk}: how the gateway's Talk settings combine with this device's (see {@link TalkPreferences}). */
  public ListenerVerticle(WakeSettings wakeSettings, VadSettings vadSettings, TalkPreferences talk) {
    this.wakeSettings = wakeSettings;
    this.vadSettings = vadSettings;
    this.followUp = FollowUp.from(vadSettings);
    this.talkPreferences = talk;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    spotter = startWakeWord();
    vad = VadEngines.create(vadSettings);
    vadChunker = new SampleChunker(vad.frameSamples());
    Endpointer.Mode mode = spotter == null && Endpointer.Mode.of(wakeSettings) == Endpointer.Mode.WAKE_WORD
        ? Endpointer.Mode.PUSH_TO_TALK : Endpointer.Mode.of(wakeSettings);
    endpointer = new Endpointer(vadSettings, mode, new Endpointer.Events() {
      @Override
      public void speechStart(SpeechStart start) {
        // A follow-up continues the conversation of the turn before it, routed the same way.
        String phrase = switch (start.trigger()) {
          case Endpointer.WAKE_WORD -> wokenBy;
          case Endpointer.FOLLOW_UP -> lastTurnWakeWord;
          default -> null;
        };
        lastTurnWakeWord = phrase;
        if (phrase != null) {
          // The gateway's wake routing applies to the gateway's triggers: this turn may belong to another
          // session or agent. A phrase of this device's own (wake.phrase, a keyword model) stays here.
          start = start.woken(phrase, isGatewayTrigger(phrase) ? voiceWake.route(phrase).targetSessionKey() : null);
        }
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
        LOG.info("interrupting the bridge: {}", interrupt.reason());
        Bus.publish(bus, Addresses.BRIDGE_INTERRUPT, interrupt);
      }
    });
    AudioFrames.consume(bus, this::onFrame);
    Bus.on(bus, Addresses.WAKE_TRIGGER, WakeTrigger.class, t -> endpointer.trigger());
    // The words so far decide how long a pause ends the turn (EndOfTurn).
    Bus.on(bus, Addresses.STT_PARTIAL, SttPartial.class, p -> endpointer.words(p.utteranceId(), p.text(),
        PcmSamples.msToSamples(p.heardMs())));
    Bus.on(bus, Addresses.LISTEN_CONTROL, ListenControl.class, c -> {
      if (ListenControl.CANCEL.equals(c.action())) {
        endpointer.cancel();
      } else {
        endpointer.release();
      }
    });
    Bus.on(bus, Addresses.GATEWAY_VOICEWAKE, VoiceWake.class, this::gatewayTriggers);
    Bus.on(bus, Addresses.GATEWAY_TALK, TalkConfig.class, this::gatewayTalk);
    Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, t -> endpointer.playbackStarted(t.runId()));
    Bus.on(bus, Addresses.SPEECH_SAY, SpeechSay.class, this::remember);
    Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, this::finishedSpeaking);
    Bus.on(bus, Addresses.TTS_INTERRUPTED, TtsInterrupted.class, t -> endpointer.playbackFinished());
    LOG.info("listening: {} VAD, {}", vad.name(), switch (mode) {
      case WAKE_WORD -> "wake word '" + spotter.detector().keyword() + "' (" + spotter.detector().engine() + ")";
      case PUSH_TO_TALK -> "push-to-talk (wake.trigger)";
      case ALWAYS -> "always listening (no wake word)";
    });
    return Future.succeededFuture();
  }

  /**
   * The gateway's wake triggers (one list for all the user's devices): a phrase engine listens for them
   * besides {@code wake.phrase}, from the next frame on, unless {@code wake.gatewayTriggers} is off; a
   * keyword-model engine (openWakeWord, Porcupine) cannot, and says so once.
   */
  private boolean isGatewayTrigger(String phrase) {
    String heard = VoiceWake.normalise(phrase);
    return voiceWake.triggers().stream().anyMatch(t -> VoiceWake.normalise(t).equals(heard));
  }

  private void gatewayTriggers(VoiceWake wake) {
    voiceWake = wake;
    if (spotter == null || !wakeSettings.gatewayTriggers() || wake.triggers().isEmpty()) {
      return;
    }
    if (spotter.detector() instanceof VoskPhraseDetector phrases) {
      List<String> all = new ArrayList<>();
      all.add(wakeSettings.phrase());
      all.addAll(wake.triggers());
      phrases.listenFor(all);
    } else if (!toldGatewayTriggersUnused) {
      toldGatewayTriggersUnused = true;
      LOG.info("the gateway's wake triggers {} are not used: wake.engine {} listens for its own keyword "
          + "(wake.engine=vosk listens for the gateway's triggers)", wake.triggers(), wakeSettings.engine());
    }
  }

  /** The user's Talk settings from the gateway: applied from the next block, where this device has not set its own. */
  private void gatewayTalk(TalkConfig talk) {
    TalkPreferences.Effective now = talkPreferences.apply(talk);
    if (now.equals(turnTaking)) {
      return; // config.changed comes for any change to the gateway's config
    }
    turnTaking = now;
    endpointer.talk(now.silenceMs(), now.interruptOnSpeech());
    LOG.info("turn-taking: an utterance ends after {} ms of silence ({}), talking over the bridge {} it ({})",
        now.silenceMs(), now.silenceFrom(), now.interruptOnSpeech() ? "stops" : "does not stop",
        now.interruptFrom());
  }

  /** The last sentence of the run being spoken: a question opens a longer follow-up window. */
  private void remember(SpeechSay say) {
    if (say.runId() != null) {
      lastRunId = say.runId();
      lastSentence = say.text();
    }
  }

  private void finishedSpeaking(TtsFinished finished) {
    endpointer.playbackFinished();
    int window = followUp.windowMs(finished.runId(),
        finished.runId() != null && finished.runId().equals(lastRunId) ? lastSentence : null);
    if (window > 0) {
      LOG.debug("listening for a follow-up for {} ms", window);
      endpointer.followUp(window);
    }
  }

  private WakeWordSpotter startWakeWord() {
    if (wakeSettings.engine().equals("none")) {
      return null;
    }
    try {
      return new WakeWordSpotter(WakeEngines.create(wakeSettings), wakeSettings.threshold(),
          wakeSettings.refractoryMs());
    } catch (BridgeException e) {
      LOG.warn("wake word is off: {}. Push-to-talk (wake.trigger) still opens listening.", e.getMessage());
      return null;
    }
  }

  @Override
  public Future<?> stop() {
    if (spotter != null) {
      spotter.detector().close();
    }
    if (vad != null) {
      vad.close();
    }
    return Future.succeededFuture();
  }

  /** Samples of the stream processed so far. */
  public long processedSamples() {
    return processedSamples;
  }

  /** Whether the last frame of a finite input (file, stdin) has been processed. */
  public boolean inputEnded() {
    return inputEnded;
  }

  private void onFrame(AudioFrames.Frame frame) {
    echoLevels.add(frame);
    vadChunker.push(frame.samples(), frame.startSample(), (block, start) -> endpointer.block(start, block.length,
        vad.speechProbability(block), PcmSamples.rmsDbfs(block, 0, block.length),
        echoLevels.max(start, start + block.length)));
    if (spotter != null) {
      for (WakeWordSpotter.Detection d : spotter.push(frame.samples(), frame.startSample())) {
        String score = String.format("%.2f", d.score());
        if (endpointer.wakeCounts(d.atSample())) {
          LOG.info("wake word '{}' at {} ms (score {})", d.keyword(), d.atMs(), score);
          Bus.publish(vertx.eventBus(), Addresses.WAKE_DETECTED,
              new WakeDetected(d.keyword(), d.score(), d.atMs(), d.engine()));
          wokenBy = d.keyword();
          endpointer.wake(d.atSample());
        } else {
          LOG.debug("wake word '{}' at {} ms (score {}) ignored: not the user calling", d.keyword(), d.atMs(), score);
        }
      }
    }
    if (frame.last()) {
      endpointer.endOfInput();
      inputEnded = true;
    }
    processedSamples = frame.endSample();
  }
}
