package dev.voicebridge.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.SpeechSynth;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.models.ModelCatalogue;
import dev.voicebridge.models.ModelPackage;
import dev.voicebridge.models.ModelsDirectory;
import java.io.IOException;

/**
 * What the speech tests need: espeak-ng for synthetic speech (scripts/test.sh installs it) and the pinned
 * models (the build installs them before the tests run). Missing either is a test failure that says what
 * to do, not a silent skip.
 */
public final class SpeechFixtures {

  /** Voices, speeds and pitches the tests speak with: American, British, Caribbean, female and male variants. */
  public static final String[][] VOICES = {
      {"en-us", "160", "50"}, {"en", "150", "40"}, {"en-us+f3", "175", "60"},
      {"en-gb-x-rp", "140", "45"}, {"en-029", "165", "55"}, {"en-us+m3", "170", "35"}};

  private SpeechFixtures() {
  }

  public static void requireEspeak() {
    assertTrue(SpeechSynth.available(), "espeak-ng is needed to synthesise the test speech (scripts/test.sh installs it)");
  }

  public static void requireModels() {
    ModelsDirectory dir = ModelsDirectory.standard();
    for (ModelPackage p : ModelCatalogue.all()) {
      try {
        assertEquals(ModelsDirectory.State.INSTALLED, dir.check(p, false).state(),
            p.id() + " is not installed in " + dir.root() + " (the build installs it: mvn process-classes)");
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  public static SpeechTrack track() {
    requireEspeak();
    return new SpeechTrack();
  }

  public static SpeechTrack say(SpeechTrack t, String text, String[] voice) {
    return t.say(text, voice[0], Integer.parseInt(voice[1]), Integer.parseInt(voice[2]));
  }
}
