package dev.voicebridge.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.wake.TriggerWords.Heard;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerWordsTest {

  /** "the(1.0) computer(0.9)" → heard words. */
  private static List<Heard> heard(String text) {
    List<Heard> out = new ArrayList<>();
    for (String w : text.split(" ")) {
      int p = w.indexOf('(');
      out.add(p < 0 ? new Heard(w, 1.0, 0, 0)
          : new Heard(w.substring(0, p), Double.parseDouble(w.substring(p + 1, w.length() - 1)), 0, 0));
    }
    return out;
  }

  @Test
  void theCallWordsSlotIsKeptWhateverTheRecogniserMadeOfIt() {
    TriggerWords t = new TriggerWords("Hey, Computer!");
    assertEquals(List.of("computer"), t.keyWords());
    // what the small Vosk model heard for "hey computer ..." in five espeak-ng voices
    assertTrue(t.calledIn(heard("the computer what time is it")));
    assertTrue(t.calledIn(heard("k computer what")));
    assertTrue(t.calledIn(heard("computer what time is it")));
  }

  @Test
  void talkAboutTheTriggerIsNotACall() {
    TriggerWords t = new TriggerWords("hey computer");
    assertFalse(t.calledIn(heard("he said the computer was broken")));
    assertFalse(t.calledIn(heard("they can you know what time is it")), "hey commuter");
    assertFalse(t.calledIn(heard("they come here please")));
    assertFalse(t.calledIn(heard("the computer(0.3) was")), "a guess is not a call");
    assertFalse(t.calledIn(List.of()));
  }

  @Test
  void aCallAfterAPauseCountsWhateverWasSaidBefore() {
    TriggerWords t = new TriggerWords("hey computer");
    List<Heard> afterTalk = List.of(new Heard("lights", 1, 0.0, 0.4), new Heard("please", 1, 0.45, 0.8),
        new Heard("the", 1, 1.6, 1.8), new Heard("computer", 1, 1.8, 2.3), new Heard("what", 1, 2.4, 2.6));
    assertTrue(t.calledIn(afterTalk));
    List<Heard> inTalk = List.of(new Heard("he", 1, 0.0, 0.2), new Heard("said", 1, 0.25, 0.5),
        new Heard("the", 1, 0.55, 0.7), new Heard("computer", 1, 0.7, 1.2));
    assertFalse(t.calledIn(inTalk));
  }

  @Test
  void aTriggerWithoutACallWordMustComeFirst() {
    TriggerWords t = new TriggerWords("computer");
    assertTrue(t.calledIn(heard("computer what time is it")));
    assertFalse(t.calledIn(heard("my computer is too slow")));
    TriggerWords two = new TriggerWords("ok garden lights");
    assertEquals(List.of("garden", "lights"), two.keyWords());
    assertTrue(two.calledIn(heard("okay garden lights on")));
    assertFalse(two.calledIn(heard("okay garden party")));
  }
}
