package dev.voicebridge.wake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.wake.TriggerWords.Heard;
import dev.voicebridge.wake.TriggerWords.Reading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggerWordsTest {

  /** "the computer what" → words a quarter of a second apart (no pause between them). */
  private static List<Heard> heard(String text) {
    List<Heard> out = new ArrayList<>();
    double at = 0;
    for (String w : text.split(" ")) {
      out.add(new Heard(w, at, at + 0.2));
      at += 0.25;
    }
    return out;
  }

  private static Reading reading(double score, String text) {
    return new Reading(score, heard(text));
  }

  @Test
  void theCallWordsSlotIsKeptWhateverTheRecogniserMadeOfIt() {
    TriggerWords t = new TriggerWords("Hey, Computer!");
    assertEquals(List.of("computer"), t.keyWords());
    // how the small Vosk model read "hey computer ..." in five espeak-ng voices
    assertTrue(t.calls(heard("the computer what time is it")));
    assertTrue(t.calls(heard("k computer what")));
    assertTrue(t.calls(heard("computer what time is it")));
  }

  @Test
  void talkAboutTheTriggerIsNotACall() {
    TriggerWords t = new TriggerWords("hey computer");
    assertFalse(t.calls(heard("he said the computer was broken")));
    assertFalse(t.calls(heard("they can you know what time is it")), "hey commuter");
    assertFalse(t.calls(heard("they come here please")));
    assertFalse(t.calls(List.of()));
  }

  @Test
  void aCallAfterAPauseCountsWhateverWasSaidBefore() {
    TriggerWords t = new TriggerWords("hey computer");
    List<Heard> afterTalk = List.of(new Heard("lights", 0.0, 0.4), new Heard("please", 0.45, 0.8),
        new Heard("the", 1.6, 1.8), new Heard("computer", 1.8, 2.3), new Heard("what", 2.4, 2.6));
    assertTrue(t.calls(afterTalk));
    List<Heard> inTalk = List.of(new Heard("he", 0.0, 0.2), new Heard("said", 0.25, 0.5),
        new Heard("the", 0.55, 0.7), new Heard("computer", 0.7, 1.2));
    assertFalse(t.calls(inTalk));
  }

  @Test
  void aTriggerWithoutACallWordMustComeFirst() {
    TriggerWords t = new TriggerWords("computer");
    assertTrue(t.calls(heard("computer what time is it")));
    assertFalse(t.calls(heard("my computer is too slow")));
    TriggerWords two = new TriggerWords("ok garden lights");
    assertEquals(List.of("garden", "lights"), two.keyWords());
    assertTrue(two.calls(heard("okay garden lights on")));
    assertFalse(two.calls(heard("okay garden party")));
  }

  @Test
  void aCallTheRecogniserAlmostHeardCountsWhenItsReadingsHoldEnoughOfTheLikelihood() {
    TriggerWords t = new TriggerWords("hey computer");
    // a high voice's "hey computer, turn on the kitchen lights", as read (scores are log-likelihoods)
    List<Reading> almost = List.of(reading(281.3, "they can you go turn on the kitchen lights"),
        reading(281.1, "they can you go turn on the kitchen life"), reading(280.8, "the computer turn on the kitchen lights"),
        reading(280.4, "they can you get turn on the kitchen lights"));
    assertEquals(Math.exp(-0.5) / (1 + Math.exp(-0.2) + Math.exp(-0.5) + Math.exp(-0.9)), t.callShare(almost), 1e-9);
    assertTrue(t.calledIn(almost));
    // far behind the best reading, "the computer" is the recogniser guessing: "hey commuter"
    List<Reading> guess = List.of(reading(256.4, "hey can you want to time in it"),
        reading(255.9, "hey can you what time in it"), reading(250.1, "the computer want to time in it"));
    assertTrue(t.callShare(guess) < 0.01);
    assertFalse(t.calledIn(guess));
    assertTrue(t.calledIn(List.of(reading(193.3, "the computer"))));
    assertFalse(t.calledIn(List.of()));
  }
}
