package dev.voicebridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.cli.Main;
import dev.voicebridge.audio.Pcm;
import dev.voicebridge.audio.PcmFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code speakable} and {@code say} as a user runs them. */
class SpeechCommandsTest {

  @TempDir
  Path dir;

  private record Run(int status, String out, String err) {
  }

  private Run run(String stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Main.execute(args);
      return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static final String REPLY = "## Result\n\nThe build **passed**. Logs: https://ci.example.com/job/42\n\n"
      + "```\n[INFO] BUILD SUCCESS\n```\n| a | b |\n|---|---|\n\nDone 🎉\n";
  private static final String SPOKEN = "Result\nThe build passed.\nLogs: ci.example.com\n"
      + "I've put the code in the chat.\nDone\n";

  @Test
  void speakablePrintsTheSpokenSentencesWholeOrInChunks() {
    Run whole = run(REPLY, "speakable");
    assertEquals(0, whole.status(), whole.err());
    assertEquals(SPOKEN, whole.out());
    for (String chunk : new String[] {"1", "4", "17"}) {
      Run chunked = run(REPLY, "speakable", "--chunk", chunk);
      assertEquals(SPOKEN, chunked.out(), "--chunk " + chunk);
    }
  }

  @Test
  void speakableTakesFilterSettingsFromTheConfiguration() {
    Run r = run("See https://example.com/a. Bye.", "speakable", "--set", "filter.urls=phrase");
    assertEquals("See a link.\nBye.\n", r.out());
  }

  @Test
  void aChunkOfZeroIsAUsageError() {
    Run r = run("x", "speakable", "--chunk", "0");
    assertEquals(2, r.status());
    assertTrue(r.err().contains("--chunk must be at least 1"), r.err());
  }

  @Test
  void sayWritesAWavFileWithEitherEngine() throws Exception {
    for (String engine : new String[] {"freetts", "espeak"}) {
      if (engine.equals("espeak") && dev.voicebridge.tts.EspeakSynthesizer.probe("espeak-ng").isEmpty()) {
        continue;
      }
      Path wav = dir.resolve(engine + ".wav");
      Run r = run("", "say", "Hello there.", "The", "kettle", "is", "on.", "--engine", engine, "--out", wav.toString());
      assertEquals(0, r.status(), r.err());
      assertTrue(r.out().contains("2 sentences, " + engine), r.out());
      try (InputStream in = Files.newInputStream(wav)) {
        PcmFormat f = Pcm.readWavHeader(in);
        byte[] pcm = in.readAllBytes();
        double seconds = pcm.length / (double) f.bytesPerSecond();
        assertTrue(seconds > 1 && seconds < 6, engine + ": " + seconds + " s");
        assertTrue(Pcm.rms(Arrays.copyOf(pcm, pcm.length)) > 0.02, engine + " is audible");
      }
    }
  }

  @Test
  void sayRejectsAnUnknownEngineAndNothingSpeakable() {
    Run bad = run("", "say", "Hi.", "--engine", "sam");
    assertEquals(2, bad.status());
    assertTrue(bad.err().contains("--engine must be espeak or freetts"), bad.err());
    Run silent = run("", "say", "NO_REPLY", "--out", dir.resolve("x.wav").toString());
    assertEquals(1, silent.status());
    assertTrue(silent.err().contains("nothing speakable"), silent.err());
  }
}
