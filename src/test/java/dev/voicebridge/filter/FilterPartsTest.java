package dev.voicebridge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Speakability;
import org.junit.jupiter.api.Test;

/** The filter's small rules, one by one: URLs, inline code, abbreviations, chatter, message classification. */
class FilterPartsTest {

  @Test
  void urlsAreSpokenByTheirHost() {
    assertEquals("docs.example.com", Urls.host("https://user:secret@www.docs.example.com:8443/a/b?c=d#e"));
    assertEquals("example.org", Urls.host("www.example.org/path"));
    assertEquals("https://en.wikipedia.org/wiki/Foo_(bar)",
        Urls.trimTrailingPunctuation("https://en.wikipedia.org/wiki/Foo_(bar)."));
    assertEquals("https://x.org/a", Urls.trimTrailingPunctuation("https://x.org/a),"));
  }

  @Test
  void inlineCodeIsKeptOnlyWhenItReadsLikeWords() {
    assertTrue(InlineCode.isWordLike("npm install"));
    assertTrue(InlineCode.isWordLike("config.json"));
    assertTrue(InlineCode.isWordLike("max_tokens"));
    assertEquals("max tokens", InlineCode.speakable("max_tokens"));
    assertFalse(InlineCode.isWordLike("rm -rf /"));
    assertFalse(InlineCode.isWordLike("items?.map(x => x.id)"));
    assertFalse(InlineCode.isWordLike("git commit -m \"msg\""));
    assertFalse(InlineCode.isWordLike("a b c d e f"));
  }

  @Test
  void abbreviationsAndInitialsDoNotEndSentences() {
    assertTrue(SentenceChunker.isAbbreviation("Dr"));
    assertTrue(SentenceChunker.isAbbreviation("U.S"));
    assertTrue(SentenceChunker.isAbbreviation("e.g"));
    assertTrue(SentenceChunker.isAbbreviation("J"));
    assertFalse(SentenceChunker.isAbbreviation("p.m"));
    assertFalse(SentenceChunker.isAbbreviation("1945"));
    assertFalse(SentenceChunker.isAbbreviation("done"));
  }

  @Test
  void chatterIsRecognised() {
    assertEquals(MessageType.PROGRESS, Chatter.classify("Let me check the weather for you."));
    assertEquals(MessageType.PROGRESS, Chatter.classify("One moment."));
    assertEquals(MessageType.PROGRESS, Chatter.classify("Okay, I'll look that up."));
    assertEquals(MessageType.PLANNING, Chatter.classify("First, I'll check your calendar."));
    assertEquals(MessageType.FINAL, Chatter.classify("Let me explain how tides work."));
    assertEquals(MessageType.FINAL, Chatter.classify("It's sunny."));
  }

  @Test
  void wholeMessagesAreClassified() {
    MessageClassifier c = new MessageClassifier(FilterSettings.defaults());
    assertEquals(new MessageClassifier.Classification(MessageType.FINAL, Speakability.SPEAK),
        c.reply("## Weather\n\nIt's **sunny**."));
    assertEquals(new MessageClassifier.Classification(MessageType.FINAL, Speakability.SILENT), c.reply("NO_REPLY"));
    assertEquals(new MessageClassifier.Classification(MessageType.FINAL, Speakability.SILENT),
        c.reply("```\ncode only\n```"));
    assertEquals(new MessageClassifier.Classification(MessageType.THINKING, Speakability.SILENT),
        c.reply("<think>Just thinking. Nothing else.</think>"));
    assertEquals(new MessageClassifier.Classification(MessageType.PROGRESS, Speakability.CONDITIONAL),
        c.reply("Let me check. One moment."));
    assertEquals(new MessageClassifier.Classification(MessageType.PLANNING, Speakability.CONDITIONAL),
        c.reply("First, I'll open your calendar. Then I'll look for a slot."));
    assertEquals(MessageType.TOOL_CALL,
        c.tool(new ToolEvent("k", "r", "t1", "weather", "start", null, null, null)).type());
    assertEquals(Speakability.SILENT,
        c.tool(new ToolEvent("k", "r", "t1", "weather", "result", null, "{\"temp\": 21}", false)).speakability());
    assertEquals(new MessageClassifier.Classification(MessageType.ERROR, Speakability.SPEAK), c.error());
    assertEquals(new MessageClassifier.Classification(MessageType.INTERRUPT, Speakability.SILENT), c.interrupted());
  }
}
