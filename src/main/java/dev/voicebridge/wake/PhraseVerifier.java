package dev.voicebridge.wake;

import dev.voicebridge.base.BridgeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * The second look at a wake-phrase candidate: the full-vocabulary recogniser decodes the audio around it
 * into its best readings, each with its score, and {@link TriggerWords} judges whether the trigger was said
 * as a call. It
 * costs about 0.3 of real time for the window alone, so it runs only on candidates (the grammar proposes
 * one every few seconds of speech), never on the whole stream.
 */
final class PhraseVerifier {

  private final Model model;

  PhraseVerifier(Model model) {
    this.model = model;
  }

  /** How many of its best readings the recogniser gives: enough for a call it almost heard (measured: 8 found all). */
  static final int READINGS = 10;

  /** What the full-vocabulary recogniser hears in {@code pcm} (16 kHz mono): its best readings, best first. */
  List<TriggerWords.Reading> hear(short[] pcm) {
    try (Recognizer r = new Recognizer(model, 16_000f)) {
      r.setMaxAlternatives(READINGS);
      r.setWords(true);
      r.acceptWaveForm(pcm, pcm.length);
      JsonArray alternatives = new JsonObject(r.getFinalResult()).getJsonArray("alternatives", new JsonArray());
      List<TriggerWords.Reading> readings = new ArrayList<>();
      for (int a = 0; a < alternatives.size(); a++) {
        JsonObject alternative = alternatives.getJsonObject(a);
        JsonArray words = alternative.getJsonArray("result", new JsonArray());
        List<TriggerWords.Heard> heard = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
          JsonObject w = words.getJsonObject(i);
          heard.add(new TriggerWords.Heard(w.getString("word", ""), w.getDouble("start", 0.0), w.getDouble("end", 0.0)));
        }
        readings.add(new TriggerWords.Reading(alternative.getDouble("confidence", 0.0), heard));
      }
      return readings;
    } catch (IOException e) {
      throw new BridgeException("Vosk could not start a recogniser to check the wake phrase: " + e.getMessage(), e);
    }
  }
}
