package dev.voicebridge.wake;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.util.Map;
import java.util.Optional;
import org.vosk.LibVosk;
import org.vosk.Model;

/**
 * Which words a Vosk model knows ({@code vosk_model_find_word}, which the Java binding does not expose), so
 * that a wake phrase with a word the model cannot hear is adapted or refused instead of being silently cut
 * out of the grammar by Vosk (which only logs a warning). The gateway's default trigger "openclaw" is not a
 * word of the small English model; "open claw" is.
 */
final class VoskVocabulary {

  private final Model model;
  private final Function findWord;

  VoskVocabulary(Model model) {
    this.model = model;
    // The library LibVosk registered, from JNA's cache (same name and options): not a second copy.
    NativeLibrary lib = NativeLibrary.getInstance("vosk", Map.of(Library.OPTION_CLASSLOADER, LibVosk.class.getClassLoader()));
    this.findWord = lib.getFunction("vosk_model_find_word");
  }

  boolean knows(String word) {
    return findWord.invokeInt(new Object[] {model.getPointer(), word}) >= 0;
  }

  /**
   * {@code phrase} in words the model knows: as it is, or with each unknown word split in two known ones
   * ("openclaw" → "open claw"); empty when a word cannot be made of known ones.
   */
  Optional<String> spoken(String phrase) {
    StringBuilder out = new StringBuilder();
    for (String word : phrase.split(" ")) {
      String known = knows(word) ? word : split(word);
      if (known == null) {
        return Optional.empty();
      }
      out.append(out.isEmpty() ? "" : " ").append(known);
    }
    return Optional.of(out.toString());
  }

  private String split(String word) {
    for (int at = 2; at <= word.length() - 2; at++) {
      if (knows(word.substring(0, at)) && knows(word.substring(at))) {
        return word.substring(0, at) + " " + word.substring(at);
      }
    }
    return null;
  }
}
