package dev.voicebridge.tts;

import dev.voicebridge.testkit.SpeechFixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.Pcm;
import dev.voicebridge.audio.PcmFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both engines speak: non-silent audio of a plausible length; failures are reported, not fatal. */
class SynthesizerTest {

  @TempDir
  Path dir;

  /** 15 words: at 175 words a minute about 5 s; any sane voice takes between 2 and 9 s. */
  private static void assertPlausibleSpeech(TtsFixtures.Collected c) {
    assertTrue(c.seconds() > 2.0 && c.seconds() < 9.0, "duration " + c.seconds() + " s");
    double rms = Pcm.rms(c.pcm.toByteArray());
    assertTrue(rms > 0.02, "speech is audible, RMS " + rms);
  }

  @Test
  void espeakSpeaksAndStreamsInBlocks() {
    SpeechFixtures.requireEspeak();
    try (Synthesizer s = new EspeakSynthesizer(TtsFixtures.settings())) {
      TtsFixtures.Collected c = TtsFixtures.synthesize(s, TtsFixtures.SENTENCE);
      assertEquals(new PcmFormat(22050, 1), c.format);
      assertPlausibleSpeech(c);
      assertTrue(c.blocks > 1, "audio arrives in several blocks while espeak-ng runs");
    }
  }

  @Test
  void freettsSpeaksWithNothingInstalled() {
    try (Synthesizer s = new FreeTtsSynthesizer(TtsFixtures.settings())) {
      TtsFixtures.Collected c = TtsFixtures.synthesize(s, TtsFixtures.SENTENCE);
      assertEquals(new PcmFormat(16000, 1), c.format);
      assertPlausibleSpeech(c);
    }
  }

  @Test
  void aSentenceStartingWithADashIsTextNotAnOption() {
    SpeechFixtures.requireEspeak();
    try (Synthesizer s = new EspeakSynthesizer(TtsFixtures.settings())) {
      TtsFixtures.Collected c = TtsFixtures.synthesize(s, "-v is not a voice, it is text.");
      assertTrue(c.seconds() > 0.8, "spoken, " + c.seconds() + " s");
    }
  }

  @Test
  void aCrashedEspeakIsReportedForThatSentenceOnly() throws Exception {
    SpeechFixtures.requireEspeak();
    Path crashing = TtsFixtures.crashingEspeak(dir);
    try (Synthesizer s = new EspeakSynthesizer(TtsFixtures.settings().withEspeakBinary(crashing.toString()))) {
      SynthesisException e = assertThrows(SynthesisException.class,
          () -> TtsFixtures.synthesize(s, "Please CRASH now."));
      assertTrue(e.getMessage().contains("signal 11") || e.getMessage().contains("no audio"), e.getMessage());
      assertPlausibleSpeech(TtsFixtures.synthesize(s, TtsFixtures.SENTENCE));
    }
  }

  @Test
  void anEngineThatExitsWithAnErrorIsReported() throws Exception {
    Path failing = dir.resolve("espeak-failing");
    Files.writeString(failing, "#!/bin/sh\ncat > /dev/null\necho 'voice not found: xx' >&2\nexit 3\n");
    Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));
    try (Synthesizer s = new EspeakSynthesizer(TtsFixtures.settings().withEspeakBinary(failing.toString()))) {
      SynthesisException e = assertThrows(SynthesisException.class, () -> TtsFixtures.synthesize(s, "Hello."));
      assertTrue(e.getMessage().contains("voice not found: xx"), e.getMessage());
    }
  }

  @Test
  void withoutEspeakTheBridgeFallsBackToFreettsWithOneWarning() {
    List<String> warnings = new ArrayList<>();
    try (Synthesizer s = Synthesizers.create(
        TtsFixtures.settings().withEspeakBinary(dir.resolve("no-such-espeak").toString()), warnings::add)) {
      assertInstanceOf(FreeTtsSynthesizer.class, s);
      assertEquals(1, warnings.size());
      assertTrue(warnings.get(0).contains("apt-get install espeak-ng"), warnings.get(0));
    }
    assertThrows(SynthesisException.class, () -> Synthesizers.exactly(
        TtsFixtures.settings().withEspeakBinary(dir.resolve("no-such-espeak").toString())));
  }

  @Test
  void cancellingStopsSynthesisEarly() {
    SpeechFixtures.requireEspeak();
    String longText = (TtsFixtures.SENTENCE + " ").repeat(20);
    for (Synthesizer s : List.<Synthesizer>of(new EspeakSynthesizer(TtsFixtures.settings()),
        new FreeTtsSynthesizer(TtsFixtures.settings()))) {
      try (s) {
        Cancellation cancel = new Cancellation();
        TtsFixtures.Collected c = new TtsFixtures.Collected() {
          @Override
          public void pcm(byte[] data, int off, int len) {
            super.pcm(data, off, len);
            cancel.cancel();
          }
        };
        s.synthesize(longText, c, cancel);
        assertTrue(c.seconds() < 20, s.name() + " stopped early: " + c.seconds() + " s of about 100");
      }
    }
  }
}
