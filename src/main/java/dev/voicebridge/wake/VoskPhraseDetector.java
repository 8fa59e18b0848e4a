package dev.voicebridge.wake;

import dev.voicebridge.base.SpokenWords;
import dev.voicebridge.base.BridgeException;
import dev.voicebridge.stt.VoskModels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.vosk.Recognizer;

/**
 * A custom wake phrase ("hey computer") recognised by Vosk restricted to a grammar of the phrase and
 * "[unk]" (anything else). Decoding against a two-entry grammar is cheap (about 0.03 of real time here) and
 * needs no training: any phrase made of words the model knows works. Against such a small grammar the
 * decoder settles on the phrase before its last word is over, so the phrase counts once something follows it
 * in the partial result, the segment ends, or it has stood unchanged for {@value #SETTLE_BLOCKS} blocks
 * (200 ms); the recognizer then starts afresh so one utterance fires once.
 */
public final class VoskPhraseDetector implements WakeWordDetector {

  private static final int FRAME = 1600; // 100 ms
  private static final int SETTLE_BLOCKS = 2;

  private final Recognizer recognizer;
  private final String phrase;
  private int seenFor;

  private VoskPhraseDetector(Recognizer recognizer, String phrase) {
    this.recognizer = recognizer;
    this.phrase = phrase;
  }

  public static VoskPhraseDetector create(Path voskModel, String phrase) {
    String normalized = SpokenWords.normalise(phrase);
    if (normalized.isEmpty()) {
      throw new BridgeException("wake.phrase is empty: give the words of the wake phrase, e.g. \"hey computer\"");
    }
    Recognizer r = new Recognizer(VoskModels.get(voskModel), 16_000f, new JsonArray().add(normalized).add("[unk]").encode());
    return new VoskPhraseDetector(r, normalized);
  }

  @Override
  public String engine() {
    return "vosk";
  }

  @Override
  public String keyword() {
    return phrase;
  }

  @Override
  public int frameSamples() {
    return FRAME;
  }

  @Override
  public float score(short[] frame) {
    boolean segmentEnded = recognizer.acceptWaveForm(frame, frame.length);
    String json = segmentEnded ? recognizer.getResult() : recognizer.getPartialResult();
    JsonObject result = new JsonObject(json);
    String text = " " + result.getString(segmentEnded ? "text" : "partial", "") + " ";
    int at = text.indexOf(" " + phrase + " ");
    if (at < 0) {
      seenFor = 0;
      return 0f;
    }
    boolean followed = !text.substring(at + phrase.length() + 1).isBlank();
    if (segmentEnded || followed || ++seenFor >= SETTLE_BLOCKS) {
      seenFor = 0;
      recognizer.reset();
      return 1f;
    }
    return 0f;
  }

  @Override
  public void close() {
    recognizer.close();
  }
}
