package dev.voicebridge.listen;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.wake.WakeSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Finds utterances in a stream of VAD decisions: when listening opens (wake word, push-to-talk, or always),
 * where speech starts and ends, and when the user talks over the bridge. Pure logic on sample positions,
 * no I/O and no clock: the same input gives the same events, so tests and the {@code vad} command see
 * exactly what the bridge does.
 *
 * <p>Rules (milliseconds from {@link VadSettings}):
 * <ul>
 *   <li>a block is speech when its probability reaches {@code threshold}; inside an utterance the bar is
 *       0.15 lower (hysteresis, as Silero recommends), so a soft syllable does not end it;
 *   <li>speech starts once a region has {@code minSpeechMs} of speech blocks; a region without that much
 *       speech is forgotten after {@code silenceMs} of silence (coughs, clicks);
 *   <li>an utterance ends after a pause (end = end of the last speech block), or when it reaches
 *       {@code maxUtteranceMs}. How long a pause depends on the words so far ({@link EndOfTurn}, from the
 *       streaming recogniser's partial transcript, {@link #words}): short after a complete request, longer
 *       after words that cannot end one ("turn on the ..."), {@code silenceMs} without words;
 *   <li>after a wake word, nobody speaking for {@code noSpeechTimeoutMs} ends listening (reason no_speech);
 *       after a reply spoken to its end, listening opens by itself for the follow-up window the listener
 *       gives ({@link #followUp}, trigger follow_up) and closes the same way;
 *   <li>the audio handed to STT starts {@code preRollMs} before the speech start, never before listening
 *       opened (so the wake word itself is not transcribed);
 *   <li>echo guard: from tts.started until {@code echoTailMs} after tts.finished, the bridge's own voice
 *       must not open an utterance. Only the user counts: speech with probability of at least
 *       {@code bargeInThreshold}, a level of at least {@code bargeInLevelDb} and, as the echo canceller
 *       says how loud its residual echo is ({@code echoDb}), at least {@code bargeInEchoMarginDb} above it
 *       (double talk: the user and the bridge at once) — or, for audio without that estimate (no
 *       canceller), a level of at least {@code bargeInLevelNoEchoEstimateDb}, adding up to {@code bargeInMinMs} with gaps under
 *       150 ms (a comma in "stop, what time is it" does not start the count over). It interrupts the bridge (bridge.interrupt) and opens an utterance at once, from its start;
 *   <li>the wake word during playback, with the user audible over the echo in the phrase, interrupts too
 *       and opens listening after the phrase; heard at the start of an utterance opened by barge-in, it
 *       restarts that utterance after the phrase (speech.end reason restarted, no transcript), so the wake
 *       phrase never reaches a transcript.
 * </ul>
 */
public final class Endpointer {

  /** When listening opens. */
  public enum Mode {
    /** After a wake word (or a push-to-talk trigger). */
    WAKE_WORD,
    /** Only after a push-to-talk trigger (wake.engine none with wake.pushToTalk). */
    PUSH_TO_TALK,
    /** All the time (wake.engine none). */
    ALWAYS;

    /** The mode for a wake-word configuration: the engine's, or push-to-talk / always without one. */
    public static Mode of(WakeSettings wake) {
      if (!wake.engine().equals("none")) {
        return WAKE_WORD;
      }
      return wake.pushToTalk() ? PUSH_TO_TALK : ALWAYS;
    }
  }

  /** Receives what the endpointer decides. */
  public interface Events {
    void speechStart(SpeechStart start);

    void speechEnd(SpeechEnd end);

    void interrupt(BridgeInterrupt interrupt);
  }

  private enum State { IDLE, LISTENING, UTTERANCE }

  private static final float HYSTERESIS = 0.15f;
  private static final long HISTORY_SAMPLES = PcmSamples.msToSamples(1500);
  /** A wake word this soon after a barge-in began was said to interrupt: the utterance restarts after it. */
  private static final long WAKE_RESTART_SAMPLES = PcmSamples.msToSamples(2500);

  /** What opened an utterance (speech.start trigger). */
  public static final String WAKE_WORD = "wake_word";
  public static final String PUSH_TO_TALK = "push_to_talk";
  public static final String ALWAYS_LISTENING = "always";
  public static final String BARGE_IN = "barge_in";
  /** Listening opened by itself after a reply (FollowUp), without the wake word. */
  public static final String FOLLOW_UP = "follow_up";
  /** speech.end reasons of push-to-talk: released (transcribed and sent), cancelled (dropped). */
  public static final String RELEASED = "released";
  public static final String CANCELLED = "cancelled";

  private final VadSettings s;
  private final Mode mode;
  private final Events events;
  private final Supplier<String> ids;

  private State state;
  private long position;
  private final Deque<VadBlock> history = new ArrayDeque<>();

  private String utteranceId;
  private String openedBy;
  private long openedAt;
  /** Listening that hears nobody for this long closes (no_speech). */
  private long listeningTimeout;
  private long regionStart = -1;
  private long regionSpeech;
  private long silenceRun;
  private long utteranceStart;
  private long lastSpeechEnd;
  private long lastUtteranceEnd;

  /** {@code vad.silenceMs} and {@code vad.interruptOnSpeech}, which the user's Talk settings may change live. */
  private int silenceMs;
  /** How long a pause ends the turn, from its words so far. */
  private EndOfTurn endOfTurn;
  /** The current utterance's words so far (the recogniser's partial transcript), or null before any. */
  private String words;
  /** The sample up to which the recogniser had heard the audio when it gave {@link #words}. */
  private long wordsHeardUntil;
  private boolean interruptOnSpeech;

  private final EchoGuard echo;

  public Endpointer(VadSettings settings, Mode mode, Events events) {
    this(settings, mode, events, () -> UUID.randomUUID().toString());
  }

  public Endpointer(VadSettings settings, Mode mode, Events events, Supplier<String> ids) {
    this.s = settings;
    this.echo = new EchoGuard(settings);
    this.silenceMs = settings.silenceMs();
    this.endOfTurn = EndOfTurn.from(settings);
    this.interruptOnSpeech = settings.interruptOnSpeech();
    this.mode = mode;
    this.events = events;
    this.ids = ids;
    this.state = mode == Mode.ALWAYS ? State.LISTENING : State.IDLE;
    if (mode == Mode.ALWAYS) {
      utteranceId = ids.get();
      openedBy = ALWAYS_LISTENING;
    }
  }

  /** One VAD decision for the block of {@code length} samples starting at {@code start}, no echo possible. */
  public void block(long start, int length, float probability, double levelDb) {
    block(start, length, probability, levelDb, Double.NaN);
  }

  /**
   * One VAD decision; {@code echoDb} is the estimated level of the bridge's own voice left in the block
   * after echo cancellation (NaN when nothing was playing).
   */
  public void block(long start, int length, float probability, double levelDb, double echoDb) {
    VadBlock b = new VadBlock(start, length, probability, levelDb, echoDb);
    history.addLast(b);
    while (!history.isEmpty() && history.peekFirst().start() + HISTORY_SAMPLES < start) {
      history.removeFirst();
    }
    apply(b);
  }

  /**
   * Whether a wake word ending at sample {@code at} is the user calling: not during playback unless the
   * user's voice is over the echo in the phrase, not in the echo tail, not in an utterance already open
   * (except at the start of a barge-in), not when always listening. The listener reports only these.
   */
  public boolean wakeCounts(long at) {
    if (mode == Mode.ALWAYS && !echo.playing()) {
      return false;
    }
    if (state == State.UTTERANCE) {
      return restartsBargeIn(at);
    }
    return !guarded() || (echo.playing() && echo.userSpokeBefore(history, at));
  }

  /** The wake word was heard, ending at sample {@code at}: listening opens there (see {@link #wakeCounts}). */
  public void wake(long at) {
    if (!wakeCounts(at)) {
      return;
    }
    if (state == State.UTTERANCE) {
      // "hey jarvis, stop": the barge-in (or follow-up) began with the wake phrase; transcribe what follows it
      events.speechEnd(new SpeechEnd(utteranceId, ms(utteranceStart), ms(at), "restarted", ms(position)));
    } else if (guarded()) {
      events.interrupt(new BridgeInterrupt("wake_word", echo.runId()));
      echo.ended(position, true);
    }
    openAfterWake(at, WAKE_WORD);
  }

  /**
   * A wake word at the start of an utterance that opened without one (talking over the bridge, a
   * follow-up): the user called, and what follows the phrase is the turn.
   */
  private boolean restartsBargeIn(long at) {
    return (BARGE_IN.equals(openedBy) || FOLLOW_UP.equals(openedBy)) && at > utteranceStart
        && at - utteranceStart <= WAKE_RESTART_SAMPLES;
  }

  private void openAfterWake(long at, String trigger) {
    openListening(at, trigger);
    // Blocks after the wake word that were already seen (the detector reports a little late) count now.
    for (VadBlock b : history) {
      if (b.start() >= at && state != State.IDLE) {
        apply(b);
      }
    }
  }

  /** Push-to-talk: listening opens now; during playback it also interrupts the bridge. */
  public void trigger() {
    if (state == State.UTTERANCE) {
      return;
    }
    if (guarded()) {
      events.interrupt(new BridgeInterrupt("push_to_talk", echo.runId()));
      echo.ended(position, true);
    }
    if (mode != Mode.ALWAYS) {
      openListening(position, PUSH_TO_TALK);
    }
  }

  /**
   * Push-to-talk released: an utterance in progress ends now (reason released) and is transcribed as
   * usual; listening that heard nobody closes (no_speech). Always listening carries on listening.
   */
  public void release() {
    if (state == State.UTTERANCE) {
      finishUtterance(lastSpeechEnd > utteranceStart ? lastSpeechEnd : position, RELEASED);
    } else if (state == State.LISTENING && mode != Mode.ALWAYS) {
      events.speechEnd(new SpeechEnd(utteranceId, ms(openedAt), ms(position), "no_speech", ms(position)));
      state = State.IDLE;
    }
  }

  /** Push-to-talk cancelled: an utterance in progress ends now with reason cancelled (nothing of it is sent). */
  public void cancel() {
    if (state == State.UTTERANCE) {
      finishUtterance(position, CANCELLED);
    } else if (state == State.LISTENING && mode != Mode.ALWAYS) {
      events.speechEnd(new SpeechEnd(utteranceId, ms(openedAt), ms(position), "no_speech", ms(position)));
      state = State.IDLE;
    }
  }

  /**
   * New turn-taking settings, from the next block on: the silence that ends an utterance, and whether the
   * user's voice over the bridge stops it (without, only the wake word and push-to-talk do).
   */
  public void talk(int silenceMs, boolean interruptOnSpeech) {
    this.silenceMs = silenceMs;
    this.endOfTurn = endOfTurn.withUnknownMs(silenceMs);
    this.interruptOnSpeech = interruptOnSpeech;
    if (!interruptOnSpeech) {
      echo.forgetBargeIn();
    }
  }

  /**
   * The words of utterance {@code id} so far (stt.partial), the recogniser having heard the audio up to
   * sample {@code heardUntil}: they decide how long a pause ends it. Words of another utterance (one that
   * already ended) are ignored.
   */
  public void words(String id, String text, long heardUntil) {
    if (state == State.UTTERANCE && id != null && id.equals(utteranceId)) {
      words = text == null ? "" : text;
      wordsHeardUntil = heardUntil;
    }
  }

  /**
   * The words that tell how complete the turn is: only words that cover its last speech. Stale ones (a file
   * read faster than the recogniser keeps up) would judge a sentence by its middle: null instead (no words
   * to judge by, the usual silence).
   */
  private String currentWords() {
    return words != null && wordsHeardUntil >= lastSpeechEnd ? words : null;
  }

  /** tts.started: the bridge is speaking; its own voice must not open an utterance. */
  public void playbackStarted(String runId) {
    echo.started(runId);
    if (state == State.LISTENING) {
      resetRegion();
    }
  }

  /** tts.finished or tts.interrupted: the guard stays on for {@code echoTailMs} while the speaker drains. */
  public void playbackFinished() {
    if (echo.playing()) {
      echo.ended(position, false);
    }
  }

  /**
   * A reply was spoken to its end (call after {@link #playbackFinished}): listen for {@code windowMs} without
   * the wake word, the echo tail excepted. Not when always listening, or when listening is already open.
   */
  public void followUp(int windowMs) {
    if (mode == Mode.ALWAYS || state != State.IDLE || windowMs <= 0) {
      return;
    }
    openListening(position, FOLLOW_UP);
    listeningTimeout = PcmSamples.msToSamples(windowMs);
  }

  /** The input ended (end of file): an open utterance ends with reason end_of_input. */
  public void endOfInput() {
    if (state == State.UTTERANCE) {
      finishUtterance(lastSpeechEnd > utteranceStart ? lastSpeechEnd : position, "end_of_input");
    } else if (state == State.LISTENING && mode != Mode.ALWAYS) {
      events.speechEnd(new SpeechEnd(utteranceId, ms(openedAt), ms(position), "no_speech", ms(position)));
      state = State.IDLE;
    }
  }

  private boolean guarded() {
    return echo.guarded(position);
  }

  private void openListening(long at, String trigger) {
    state = State.LISTENING;
    utteranceId = ids.get();
    openedBy = trigger;
    openedAt = at;
    listeningTimeout = PcmSamples.msToSamples(s.noSpeechTimeoutMs());
    resetRegion();
  }

  private void resetRegion() {
    regionStart = -1;
    regionSpeech = 0;
    silenceRun = 0;
  }

  private void apply(VadBlock b) {
    position = Math.max(position, b.start() + b.length());
    if (guarded() && state != State.UTTERANCE) {
      watchForBargeIn(b);
      return;
    }
    switch (state) {
      case IDLE -> {
      }
      case LISTENING -> listen(b);
      case UTTERANCE -> continueUtterance(b);
    }
  }

  private void watchForBargeIn(VadBlock b) {
    if (!interruptOnSpeech) {
      return; // only the wake word and push-to-talk stop the bridge
    }
    long start = echo.bargeIn(b);
    if (start >= 0) {
      events.interrupt(new BridgeInterrupt("barge_in", echo.runId()));
      echo.ended(position, true);
      openListening(start, BARGE_IN);
      startUtterance(start, b.end());
      lastSpeechEnd = b.end();
    }
  }

  private void listen(VadBlock b) {
    if (b.start() < openedAt) {
      return;
    }
    boolean speech = b.probability() >= s.threshold();
    if (speech) {
      if (regionStart < 0) {
        regionStart = b.start();
      }
      regionSpeech += b.length();
      silenceRun = 0;
      if (regionSpeech >= PcmSamples.msToSamples(Math.max(1, s.minSpeechMs()))) {
        startUtterance(regionStart, b.start() + b.length());
        lastSpeechEnd = b.start() + b.length();
      }
      return;
    }
    if (regionStart >= 0) {
      silenceRun += b.length();
      if (silenceRun >= PcmSamples.msToSamples(silenceMs)) {
        resetRegion();
      }
    }
    if (mode != Mode.ALWAYS && regionStart < 0
        && position - openedAt >= listeningTimeout) {
      events.speechEnd(new SpeechEnd(utteranceId, ms(openedAt), ms(position), "no_speech", ms(position)));
      state = State.IDLE;
    }
  }

  private void startUtterance(long start, long detectedAt) {
    state = State.UTTERANCE;
    utteranceStart = start;
    silenceRun = 0;
    words = null;
    wordsHeardUntil = 0;
    long floor = Math.max(openedAt, mode == Mode.ALWAYS ? lastUtteranceEnd : 0);
    long audioStart = Math.max(floor, start - PcmSamples.msToSamples(s.preRollMs()));
    events.speechStart(new SpeechStart(utteranceId, ms(start), ms(audioStart), ms(detectedAt), openedBy));
  }

  private void continueUtterance(VadBlock b) {
    boolean speech = b.probability() >= s.threshold() - HYSTERESIS;
    long end = b.start() + b.length();
    if (speech) {
      lastSpeechEnd = end;
      silenceRun = 0;
    } else {
      silenceRun += b.length();
      if (silenceRun >= PcmSamples.msToSamples(endOfTurn.silenceMs(currentWords()))) {
        finishUtterance(lastSpeechEnd, "silence");
        return;
      }
    }
    if (end - utteranceStart >= PcmSamples.msToSamples(s.maxUtteranceMs())) {
      finishUtterance(end, "max_length");
    }
  }

  private void finishUtterance(long end, String reason) {
    events.speechEnd(new SpeechEnd(utteranceId, ms(utteranceStart), ms(end), reason, ms(position)));
    lastUtteranceEnd = end;
    if (mode == Mode.ALWAYS) {
      openListening(end, ALWAYS_LISTENING);
      openedAt = 0; // always listening: only the pre-roll floor (lastUtteranceEnd) applies
    } else {
      state = State.IDLE;
    }
  }

  private static long ms(long samples) {
    return PcmSamples.samplesToMs(samples);
  }
}
