package dev.voicebridge.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

  @Test
  void controlAndFormatCharactersGoNewlinesAndTabsStay() {
    assertEquals("[31mred text", ControlCharacters.strip("\u001b[31mred\u0000 text\u0007"));
    assertEquals("a\nb\tc", ControlCharacters.strip("a\r\nb\tc\u007f\u0085"));
    assertEquals("evil.txt", ControlCharacters.strip("evil\u202e.txt\u200b"), "bidi override and zero-width");
    String clean = "Nothing to strip here: café, 3.14, 東京.";
    assertSame(clean, ControlCharacters.strip(clean));
  }
}
