package dev.voicebridge.stt;

import dev.voicebridge.base.BridgeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk (Kaldi) streaming recognition: audio is decoded while the user speaks, with partial results, so
 * the final transcript needs only the last few hundred milliseconds decoded after the end of speech. Vosk
 * may close segments of its own within an utterance (short pauses); their texts are joined.
 *
 * <p>One recognizer serves every utterance, reset in between: a fresh one costs about 50 ms to make and
 * decodes much slower at first (its decoding-graph cache starts cold: a real-time factor of 0.31 instead of
 * 0.12 measured with {@code bench speech-in}). Results vary slightly from run to run whatever is done:
 * Kaldi dithers its input.
 */
public final class VoskTranscriber implements Transcriber {

  private Recognizer recognizer;

  private VoskTranscriber(Recognizer recognizer) {
    this.recognizer = recognizer;
  }

  public static VoskTranscriber load(Path modelDir) {
    Model model = VoskModels.get(modelDir);
    try {
      return new VoskTranscriber(new Recognizer(model, 16_000f));
    } catch (IOException e) {
      throw new BridgeException("Vosk could not create a recognizer: " + e.getMessage(), e);
    }
  }

  @Override
  public String engine() {
    return "vosk";
  }

  @Override
  public boolean streams() {
    return true;
  }

  @Override
  public Utterance open() {
    recognizer.reset();
    return new Utterance() {
      private final StringBuilder done = new StringBuilder();
      private String lastPartial = "";

      @Override
      public String accept(short[] pcm, int count) {
        short[] data = count == pcm.length ? pcm : Arrays.copyOf(pcm, count);
        if (recognizer.acceptWaveForm(data, count)) {
          append(text(recognizer.getResult(), "text"));
        }
        String partial = join(done.toString(), text(recognizer.getPartialResult(), "partial"));
        if (!partial.equals(lastPartial)) {
          lastPartial = partial;
          return partial;
        }
        return null;
      }

      @Override
      public String finish() {
        append(text(recognizer.getFinalResult(), "text"));
        recognizer.reset();
        return done.toString();
      }

      @Override
      public void cancel() {
        recognizer.reset();
      }

      private void append(String text) {
        String joined = join(done.toString(), text);
        done.setLength(0);
        done.append(joined);
      }
    };
  }

  private static String text(String json, String field) {
    return new JsonObject(json).getString(field, "").strip();
  }

  private static String join(String a, String b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : a + " " + b;
  }

  @Override
  public void close() {
    if (recognizer != null) {
      recognizer.close();
      recognizer = null;
    }
  }
}
