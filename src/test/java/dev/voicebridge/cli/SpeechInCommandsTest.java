package dev.voicebridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.cli.Main;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.testkit.SpeechFixtures;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The speech-in commands end to end through {@code Main}: output, exit codes and error messages. */
class SpeechInCommandsTest {

  @TempDir
  static Path dir;
  private static Path request;
  private static SpeechTrack track;

  record Run(int status, String out, String err) {
  }

  @BeforeAll
  static void fixture() throws Exception {
    SpeechFixtures.requireModels();
    track = SpeechFixtures.track().silence(1000).say("hey jarvis").silence(400).say("what is the weather tomorrow")
        .silence(1500);
    request = track.writeWav(dir.resolve("request.wav"));
  }

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int status = Main.execute(args);
      return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void transcribePrintsTheTextOrJson() {
    Run plain = run("transcribe", request.toString(), "--set", "wake.engine=none");
    assertEquals(0, plain.status(), plain.err());
    // the whole file, wake word included (Vosk hears "hey jarvis" as "a jar of is"); accuracy is
    // VoskTranscriberTest's business, this is about the command
    assertTrue(plain.out().strip().contains("weather"), plain.out());
    assertEquals(1, plain.out().strip().lines().count());
    Run json = run("transcribe", request.toString(), "--engine", "vosk", "--json");
    JsonObject j = new JsonObject(json.out().strip());
    assertEquals("vosk", j.getString("engine"));
    assertEquals(track.durationMs(), j.getLong("audioMs"), 1);
    assertTrue(j.getString("text").contains("weather"), j.encode());
  }

  @Test
  void wakePrintsEachDetectionWithTimeAndScore() {
    Run r = run("wake", request.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(1, lines.size(), r.out());
    assertTrue(lines.get(0).matches("\\s*\\d+\\.\\d\\d s  hey_jarvis  score 0\\.\\d{3}"), lines.get(0));
    Run none = run("wake", request.toString(), "--keyword", "alexa");
    assertEquals("no wake word (openwakeword 'alexa', threshold 0.5)", none.out().strip());
  }

  @Test
  void vadPrintsTheSegments() {
    Run r = run("vad", request.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = r.out().lines().toList();
    // header + one segment: the 400 ms pause after "hey jarvis" is shorter than vad.silenceMs (700)
    assertEquals(2, lines.size(), r.out());
    long[] segment = Arrays.stream(lines.get(1).trim().split("\\s+")).limit(2).mapToLong(Long::parseLong).toArray();
    assertTrue(Math.abs(segment[0] - track.parts().get(0).startMs()) <= 150, lines.get(1));
    assertTrue(Math.abs(segment[1] - track.parts().get(1).endMs()) <= 150, lines.get(1));
    assertTrue(lines.get(1).endsWith("silence"), lines.get(1));
  }

  @Test
  void listenPrintsTheEventsOfAFile() {
    Run r = run("listen", "--input", request.toString(), "--fast", "--json");
    assertEquals(0, r.status(), r.err());
    List<JsonObject> events = r.out().lines().map(JsonObject::new).toList();
    assertEquals(List.of("wake.detected", "speech.start", "speech.end", "stt.transcript"),
        events.stream().map(e -> e.getString("event")).toList(), r.out());
    // one utterance's words vary with Kaldi's dither state (see ListenerVerticleTest); accuracy is VoskTranscriberTest's
    assertTrue(events.get(3).getString("text").startsWith("what is"), r.out());
  }

  @Test
  void badInputGivesOneLineAndStatus1() throws Exception {
    Path notWav = Files.writeString(dir.resolve("notes.wav"), "hello");
    Run r = run("transcribe", notWav.toString());
    assertEquals(1, r.status());
    assertEquals("voice-bridge: " + notWav + " is not a WAV file (no RIFF/WAVE header)", r.err().strip());
    Run whisper = run("transcribe", request.toString(), "--engine", "whisper",
        "--set", "stt.whisper.modelPath=" + dir.resolve("ggml-base.en.bin"));
    assertEquals(1, whisper.status());
    assertTrue(whisper.err().startsWith("voice-bridge: Whisper model not found at "), whisper.err());
    assertFalse(whisper.err().contains("\tat "), "no stack trace");
    Run engine = run("transcribe", request.toString(), "--engine", "deepspeech");
    assertEquals(1, engine.status());
    assertTrue(engine.err().contains("unknown speech-to-text engine 'deepspeech' (vosk or whisper)"), engine.err());
  }

  @Test
  void modelsListAndVerify() {
    Run list = run("models", "list");
    assertEquals(0, list.status(), list.err());
    for (String id : List.of("silero-vad", "openwakeword", "vosk-en-us", "whisper")) {
      assertTrue(list.out().contains(id), list.out());
    }
    assertTrue(list.out().contains("CC BY-NC-SA 4.0"), "the wake-word models' licence is shown");
    Run verify = run("models", "verify");
    assertEquals(0, verify.status(), verify.out() + verify.err());
    assertEquals(3, verify.out().lines().filter(l -> l.contains(": ok (")).count(), verify.out());
  }
}
