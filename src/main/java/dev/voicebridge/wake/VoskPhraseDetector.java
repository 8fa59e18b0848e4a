package dev.voicebridge.wake;

import dev.voicebridge.audio.AudioHistory;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.base.BridgeException;
import dev.voicebridge.base.SpokenWords;
import dev.voicebridge.stt.VoskModels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * A custom wake phrase ("hey computer") spotted in two stages by Vosk, no training needed (any phrase of
 * words the model knows works):
 * <ol>
 *   <li>a recogniser restricted to a grammar of the phrase and "[unk]" proposes candidates, cheaply (about
 *       0.02 of real time). Against so small a grammar it settles on the phrase before its last word is over,
 *       so a candidate is where the phrase is followed by something in the partial result, the segment ends,
 *       or it has stood unchanged for {@value #SETTLE_BLOCKS} blocks (200 ms) — but it also maps almost any
 *       speech onto the phrase ("hey, come here", "they computed", "hey commuter");</li>
 *   <li>{@value #CHECK_AFTER_MS} ms later, the full-vocabulary recogniser reads the
 *       {@value #WINDOW_BEFORE_MS} ms before the candidate and those {@value #CHECK_AFTER_MS} ms after it
 *       ({@link PhraseVerifier}), and the candidate counts only when enough of its best readings have the
 *       trigger said as a call ({@link TriggerWords}); at debug level the log shows the readings.</li>
 * </ol>
 * The detection is reported where the candidate was (the spotter is told how late it is, {@link #lateSamples()}),
 * so the words after the phrase still start the utterance. Measured with {@code bench speech-in}.
 *
 * <p>It listens for several phrases at once (the local {@code wake.phrase} and the gateway's triggers), and
 * {@link #listenFor} changes them while it runs: the new list takes effect at the next frame, on the thread
 * that scores. A phrase with a word the model does not know is heard as known words when it can be
 * ("openclaw" as "open claw", {@link VoskVocabulary}) and left out, with a warning, when it cannot.
 */
public final class VoskPhraseDetector implements WakeWordDetector {

  private static final int FRAME = 1600; // 100 ms
  private static final int SETTLE_BLOCKS = 2;
  static final int WINDOW_BEFORE_MS = 2000;
  /** Enough for the phrase's last word to be over (the grammar settles up to ~300 ms early). */
  static final int CHECK_AFTER_MS = 500;
  private static final int BEFORE = (int) PcmSamples.msToSamples(WINDOW_BEFORE_MS);
  private static final int AFTER = (int) PcmSamples.msToSamples(CHECK_AFTER_MS);

  private static final Logger LOG = LoggerFactory.getLogger(VoskPhraseDetector.class);

  private final Model model;
  private Recognizer grammar;
  private final PhraseVerifier verifier;
  private final VoskVocabulary vocabulary;
  /** Spoken form (what the grammar holds) → the phrase as configured. */
  private Map<String, String> phrases;
  private volatile List<String> requested;
  private String candidatePhrase;
  private String lastPhrase;
  private final AudioHistory recent = new AudioHistory(BEFORE + AFTER);
  private int seenFor;
  /** Samples heard when the pending candidate was proposed, or -1. */
  private long candidateAt = -1;
  private int late;

  private VoskPhraseDetector(Model model, Recognizer grammar, PhraseVerifier verifier, VoskVocabulary vocabulary,
      Map<String, String> phrases) {
    this.model = model;
    this.grammar = grammar;
    this.verifier = verifier;
    this.vocabulary = vocabulary;
    this.phrases = phrases;
    this.lastPhrase = phrases.values().iterator().next();
  }

  public static VoskPhraseDetector create(Path voskModel, String phrase) {
    if (SpokenWords.normalise(phrase).isEmpty()) {
      throw new BridgeException("wake.phrase is empty: give the words of the wake phrase, e.g. \"hey computer\"");
    }
    Model model = VoskModels.get(voskModel);
    VoskVocabulary vocabulary = new VoskVocabulary(model);
    Map<String, String> spoken = spokenForms(vocabulary, List.of(phrase));
    if (spoken.isEmpty()) {
      throw new BridgeException("wake.phrase \"" + phrase + "\" has a word the Vosk model does not know: choose "
          + "words of everyday English");
    }
    Recognizer r = new Recognizer(model, 16_000f, grammarOf(spoken));
    return new VoskPhraseDetector(model, r, new PhraseVerifier(model), vocabulary, spoken);
  }

  /**
   * Listen for these phrases from the next frame on (e.g. the local phrase and the gateway's triggers);
   * an empty list, or one with no phrase the model can hear, keeps the current ones.
   */
  public void listenFor(List<String> newPhrases) {
    requested = List.copyOf(newPhrases);
  }

  /** The phrases listened for now, as configured. */
  public Collection<String> phrases() {
    return List.copyOf(phrases.values());
  }

  private static Map<String, String> spokenForms(VoskVocabulary vocabulary, List<String> list) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : list) {
      String words = SpokenWords.normalise(p);
      if (words.isEmpty()) {
        continue;
      }
      vocabulary.spoken(words).ifPresentOrElse(spoken -> out.putIfAbsent(spoken, p),
          () -> LOG.warn("wake phrase \"{}\" left out: the Vosk model does not know all its words", p));
    }
    return out;
  }

  private static String grammarOf(Map<String, String> spoken) {
    JsonArray g = new JsonArray();
    spoken.keySet().forEach(g::add);
    return g.add("[unk]").encode();
  }

  private void applyRequested() {
    List<String> next = requested;
    if (next == null) {
      return;
    }
    requested = null;
    Map<String, String> spoken = spokenForms(vocabulary, next);
    if (spoken.isEmpty() || spoken.equals(phrases)) {
      return;
    }
    phrases = spoken;
    // A new recogniser, not setGrammar: Vosk refuses a grammar change while a recogniser is decoding, with a
    // fatal error that aborts the whole JVM ("Can't add speaker model to already running recognizer").
    Recognizer previous = grammar;
    grammar = new Recognizer(model, 16_000f, grammarOf(spoken));
    previous.close();
    candidateAt = -1;
    seenFor = 0;
    LOG.info("listening for wake phrases {}", spoken.values());
  }

  @Override
  public String engine() {
    return "vosk";
  }

  @Override
  public String keyword() {
    return lastPhrase;
  }

  @Override
  public int frameSamples() {
    return FRAME;
  }

  @Override
  public long lateSamples() {
    return late;
  }

  @Override
  public float score(short[] frame) {
    applyRequested();
    recent.append(frame, recent.end());
    long heard = recent.end();
    if (candidateAt >= 0) {
      if (heard - candidateAt < AFTER) {
        return 0f;
      }
      short[] around = recent.range(candidateAt - BEFORE, heard);
      List<TriggerWords.Reading> readings = verifier.hear(around);
      TriggerWords trigger = new TriggerWords(candidatePhrase);
      double share = trigger.callShare(readings);
      boolean called = share >= TriggerWords.MIN_SHARE;
      // What the second look heard is how a user finds out why a phrase wakes the bridge, or does not.
      LOG.debug("wake phrase \"{}\" candidate at {} ms: {} (share of calling readings {}); read as {}",
          candidatePhrase, PcmSamples.samplesToMs(candidateAt), called ? "a call" : "not a call",
          String.format(Locale.ROOT, "%.2f", share), readings);
      late = (int) (heard - candidateAt);
      candidateAt = -1;
      if (called) {
        lastPhrase = phrases.get(candidatePhrase);
      }
      return called ? 1f : 0f;
    }
    String proposed = proposes(frame);
    if (proposed != null) {
      candidateAt = heard;
      candidatePhrase = proposed;
    }
    return 0f;
  }

  /** Stage one: the phrase (spoken form) the grammar recogniser settled on with this frame, or null. */
  private String proposes(short[] frame) {
    boolean segmentEnded = grammar.acceptWaveForm(frame, frame.length);
    JsonObject result = new JsonObject(segmentEnded ? grammar.getResult() : grammar.getPartialResult());
    String text = " " + result.getString(segmentEnded ? "text" : "partial", "") + " ";
    String found = null;
    int at = Integer.MAX_VALUE;
    for (String spoken : phrases.keySet()) {
      int i = text.indexOf(" " + spoken + " ");
      if (i >= 0 && i < at) {
        at = i;
        found = spoken;
      }
    }
    if (found == null) {
      seenFor = 0;
      return null;
    }
    boolean followed = !text.substring(at + found.length() + 1).isBlank();
    if (segmentEnded || followed || ++seenFor >= SETTLE_BLOCKS) {
      seenFor = 0;
      grammar.reset();
      return found;
    }
    return null;
  }

  @Override
  public void close() {
    grammar.close();
  }
}
