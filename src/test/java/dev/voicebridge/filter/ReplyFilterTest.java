package dev.voicebridge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the filter reconciles what the gateway streams: cumulative text, re-sends, rewrites, new messages. */
class ReplyFilterTest {

  private final List<String> spoken = new ArrayList<>();
  private final ReplyFilter filter = new ReplyFilter(FilterSettings.defaults(), spoken::add);

  private static ReplyDelta delta(String increment, String whole) {
    return new ReplyDelta("agent:main:main", "r1", increment, whole, false);
  }

  @Test
  void whatOneUrlOrOneTokenCanCostIsCapped() {
    filter.append("See https://" + "a".repeat(1_000_000) + ".com/x for more. Then " + "b".repeat(1_000_000)
        + " and done.");
    filter.finish(null);
    // the token goes; the sentence it was cut in ends where the chunker cut it
    assertEquals(List.of("See a link for more.", "Then", "and done."), spoken);
  }

  @Test
  void deeplyNestedListsLeaveNoMarkers() {
    filter.append("Steps:\n\n- one\n  - two\n    - three\n- - - four\n* * five\n");
    filter.finish(null);
    String all = String.join(" ", spoken);
    assertEquals(false, all.matches("(?s).*(^|\\s)[-*](\\s|$).*"), all);
    assertEquals(true, all.contains("four") && all.contains("five"), all);
  }

  @Test
  void controlCharactersNeverReachTheSpeakerOrATerminal() {
    java.util.Random random = new java.util.Random(14);
    StringBuilder reply = new StringBuilder("Here it is. ");
    for (int i = 0; i < 4000; i++) {
      reply.append((char) random.nextInt(0x100));
    }
    reply.append(" The end.");
    filter.append(reply.toString());
    filter.finish(null);
    String all = String.join(" ", spoken);
    assertEquals(0, all.chars().filter(c -> c != '\n' && c != '\t'
        && (Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT)).count(), all);
    assertEquals(true, all.startsWith("Here it is.") && all.endsWith("The end."), all);
  }

  @Test
  void eachSentenceIsHandedOutAsSoonAsItIsComplete() {
    filter.delta(delta("Hello there", "Hello there"));
    assertEquals(List.of(), spoken);
    filter.delta(delta(". How", "Hello there. How"));
    assertEquals(List.of("Hello there."), spoken);
    filter.delta(delta(" are you?", "Hello there. How are you?"));
    assertEquals(List.of("Hello there."), spoken, "the end of the reply might still continue the sentence");
    filter.finish("Hello there. How are you?");
    assertEquals(List.of("Hello there.", "How are you?"), spoken);
  }

  @Test
  void aReSentDeltaAndAnOlderSnapshotAddNothing() {
    filter.delta(delta("One. Two", "One. Two"));
    filter.delta(delta("One. Two", "One. Two"));
    filter.delta(delta("One", "One"));
    filter.delta(delta(". Three.", "One. Two. Three."));
    filter.finish("One. Two. Three.");
    assertEquals(List.of("One.", "Two.", "Three."), spoken);
  }

  @Test
  void deltasWithoutTheWholeTextAreAppended() {
    filter.delta(delta("Good ", null));
    filter.delta(delta("morning. Coffee?", null));
    filter.finish(null);
    assertEquals(List.of("Good morning.", "Coffee?"), spoken);
  }

  @Test
  void aRewrittenReplyContinuesAfterWhatWasAlreadySpoken() {
    filter.delta(delta("The answer is four. It is", "The answer is four. It is"));
    assertEquals(List.of("The answer is four."), spoken);
    filter.delta(new ReplyDelta("k", "r1", "The answer is four. Really, it is four. Trust me.",
        "The answer is four. Really, it is four. Trust me.", true));
    filter.finish("The answer is four. Really, it is four. Trust me.");
    assertEquals(List.of("The answer is four.", "Really, it is four.", "Trust me."), spoken);
  }

  @Test
  void afterAToolCallTheNextMessageMayStreamFromItsOwnStart() {
    filter.delta(delta("Let me check.", "Let me check."));
    filter.toolStarted();
    filter.delta(delta("It is sunny", "It is sunny"));
    filter.delta(delta(" today.", "It is sunny today."));
    filter.finish("It is sunny today.");
    assertEquals(List.of("Let me check.", "It is sunny today."), spoken);
  }

  @Test
  void carriageReturnLineEndsAreParagraphsLikeAnyOther() {
    filter.finish("## Title\r\n\r\nFirst line\r\nstill the same sentence.\r\n\r\n- item one\r\n- item two\r\n");
    assertEquals(List.of("Title", "First line still the same sentence.", "item one", "item two"), spoken);
  }

  @Test
  void anEmojiSplitBetweenItsTwoCharsIsStillDropped() {
    String text = "Done 🎉 now.";
    for (int i = 0; i < text.length(); i++) {
      filter.append(text.substring(i, i + 1));
    }
    filter.finish(null);
    assertEquals(List.of("Done now."), spoken);
  }

  @Test
  void nothingIsSaidAfterTheEnd() {
    filter.finish("Bye.");
    filter.fail();
    filter.append(" More.");
    filter.finish(" Even more.");
    assertEquals(List.of("Bye."), spoken);
  }

  @Test
  void anErrorDropsTheUnfinishedSentenceAndApologisesOnce() {
    filter.delta(delta("Your flight leaves at", "Your flight leaves at"));
    filter.fail();
    filter.fail();
    assertEquals(List.of("Sorry, something went wrong."), spoken);
  }
}
