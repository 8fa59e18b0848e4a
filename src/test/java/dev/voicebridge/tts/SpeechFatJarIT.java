package dev.voicebridge.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.Pcm;
import dev.voicebridge.audio.PcmFormat;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech out from the shaded jar, as a user runs it: the bundled FreeTTS voice is found inside the fat
 * jar (whose merged manifests no longer list it), and the filter command reads stdin.
 */
class SpeechFatJarIT {

  private static final Path JAR = Path.of("target", "voice-bridge.jar").toAbsolutePath();

  @TempDir
  Path home;

  private Process start(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
  }

  @Test
  void theFatJarSpeaksWithItsBundledVoice() throws Exception {
    Path wav = home.resolve("hello.wav");
    Process p = start("say", "Hello from inside the jar.", "--engine", "freetts", "--out", wav.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    try (InputStream in = Files.newInputStream(wav)) {
      PcmFormat f = Pcm.readWavHeader(in);
      byte[] pcm = in.readAllBytes();
      assertTrue(pcm.length / (double) f.bytesPerSecond() > 0.8, "speech in the file");
      assertTrue(Pcm.rms(pcm) > 0.02, "audible");
    }
  }

  @Test
  void speakableFiltersStdin() throws Exception {
    Process p = start("speakable", "--chunk", "5");
    try (var stdin = p.getOutputStream()) {
      stdin.write("<think>hmm</think>**Done!** Details: https://ci.example.com/42\n```\nlog\n```\n".getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertEquals("Done!\nDetails: ci.example.com\nI've put the code in the chat.\n", out);
  }
}
