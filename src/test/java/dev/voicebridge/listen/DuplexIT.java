package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full duplex the way it is used, from the fat jar: {@code bench duplex} runs the whole bridge against the
 * real OpenClaw gateway in a simulated room whose microphone is the bridge's stdin and which hears what the
 * bridge really played through PulseAudio (the null sink's monitor), mixed with a user who talks over the
 * replies. Short form of the scenarios: (a) a long reply heard in silence, (b) the user talking over it,
 * (c) double talk at 0 dB of echo, (d) a clipping speaker at +6 dB, (e) another client's runs on the same
 * gateway while the bridge is idle. And echo cancellation without libspeexdsp: one warning, the bridge
 * still listens.
 */
class DuplexIT {

  /** The benchmarks ship in the bench jar, next to the product jar. */
  static final Path JAR = Path.of("target", "voice-bridge-bench.jar").toAbsolutePath();

  @TempDir
  Path home;

  private static String pulseServer;

  @BeforeAll
  static void audioDevice() throws Exception {
    Process p = new ProcessBuilder("bash", "scripts/pulseaudio-test-daemon.sh").redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join("\n", lines));
    pulseServer = lines.get(lines.size() - 1);
    assertTrue(pulseServer.startsWith("unix:"), "PulseAudio is needed (scripts/test.sh installs it): " + lines);
  }

  private record Result(int code, String out, String err) {
  }

  private Result jar(long timeoutSeconds, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VOICE_BRIDGE_"));
    pb.environment().put("PULSE_SERVER", pulseServer);
    // the bridge's home is a fresh directory; the gateway installed for this user is the one to run
    pb.environment().put("VOICE_BRIDGE_OPENCLAW_DIR", dev.voicebridge.bench.OpenClawGateway.installDir().toString());
    pb.environment().put("VOICE_BRIDGE_MODELS", dev.voicebridge.models.ModelsDirectory.standard().root().toString());
    Path err = home.resolve("stderr.txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + String.join(" ", args));
    return new Result(p.exitValue(), out, Files.readString(err));
  }

  private static JsonObject row(JsonObject result, String label) {
    return result.getJsonArray("rows").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("row").equals(label)).findFirst().orElseThrow(() -> new AssertionError(label));
  }

  @Test
  void theBridgeDoesNotHearItselfAndStopsWhenTheUserTalksOverIt() throws Exception {
    // a model that streams slowly, so the run is still going at the gateway when the user barges in
    Result r = jar(1500, "bench", "duplex", "--rows", "quick", "--barge-ins", "3", "--quiet-s", "8",
        "--model-word-ms", "150", "--json", "--dir", home.resolve("bench").toString());
    assertEquals(0, r.code(), r.err());
    JsonObject result = new JsonObject(r.out());
    String log = r.err();
    assertTrue(result.getString("speakerPath").startsWith("PulseAudio"), "the real playback path: " + result.encode());
    for (String label : List.of("no echo", "+0 dB")) {
      JsonObject row = row(result, label);
      String why = label + ": " + row.encodePrettily() + "\n" + log;
      assertEquals("speexdsp", row.getString("aecEngine"), why);
      // (a) a long reply heard in silence, and everything else the bridge said: never heard as the user.
      // The goal is 0 at 0 dB; this short form, whose replies stream slowly in many bursts, let 1-2 stray
      // words through in half its runs until moves of the speaker were followed (its timestamps) and
      // sentences after a pause verified (0 in 10 runs since). One is tolerated here so that a rare stray
      // word on a loaded CI machine does not hide everything else this test proves; never the self-talk
      // loop of before (5 self-interruptions in 20 s at -10 dB). Without echo there is nothing to mistake.
      int stray = label.equals("no echo") ? 0 : 1;
      assertTrue(row.getInteger("selfInterruptions") <= stray, why);
      assertTrue(row.getInteger("selfTranscribedTurns") <= stray, why);
      // (b), (c) the user talking over the reply stops the speaker, every time, and the run is aborted
      assertEquals(3, row.getInteger("bargeIns"), why);
      assertEquals(0, row.getInteger("missedBargeIns"), why);
      assertTrue(row.getInteger("abortedRuns") >= 1, "the run being answered is aborted: " + why);
      // ... and what they said is the next turn, about as well recognised as without echo
      assertTrue(row.getDouble("wer") <= 0.6, why);
      // (e) another client's runs, in this session and in another, are not spoken
      assertEquals(0.0, row.getDouble("otherClientsHeardSeconds"), why);
    }
    JsonObject clipped = row(result, "+6 dB clipped");
    String why = clipped.encodePrettily() + "\n" + log;
    // (d) a clipping speaker is beyond the goal (0 dB, not clipped): the linear canceller cannot model the
    // distortion, and a word of the bridge's own voice may pass for the user now and then (bench duplex:
    // 0 in two full runs, 1 in one CI run) — but never the loop it fell into before (5 self-interruptions
    // in 20 s at -10 dB)
    assertTrue(clipped.getInteger("selfTranscribedTurns") <= 1, why);
    assertEquals(0.0, clipped.getDouble("otherClientsHeardSeconds"), why);
  }

  /**
   * The sounds and the follow-up window in the room, at 0 dB of echo through PulseAudio: the wake sound plays
   * as the user starts the question, a short reply plays to its end in a quiet room, and listening then opens
   * without the wake word while the reply's echo is still dying away. Neither the sound nor the tail may be
   * taken for the user.
   */
  @Test
  void theWakeSoundAndTheFollowUpWindowDoNotHearTheBridge() throws Exception {
    Result r = jar(900, "bench", "duplex", "--rows", "quick", "--only", "+0 dB", "--barge-ins", "1", "--quiet-s", "20",
        "--reply-words", "30", "--json", "--dir", home.resolve("bench-short").toString());
    assertEquals(0, r.code(), r.err());
    JsonObject result = new JsonObject(r.out());
    assertTrue(result.getString("speakerPath").startsWith("PulseAudio"), "the real playback path: " + result.encode());
    JsonObject row = row(result, "+0 dB");
    String why = row.encodePrettily() + "\n" + r.err();
    assertTrue(row.getJsonArray("cues").contains("wake"), "the wake sound played: " + why);
    assertTrue(row.getInteger("repliesSpokenToTheEnd") >= 1, "a reply ended, so a follow-up window opened: " + why);
    assertEquals(1, row.getInteger("bargeIns"), why);
    assertEquals(0, row.getInteger("missedBargeIns"), why);
    // the same tolerance as above: one stray word on a loaded machine, never a loop
    assertTrue(row.getInteger("selfInterruptions") <= 1, why);
    assertTrue(row.getInteger("selfTranscribedTurns") <= 1, why);
  }

  @Test
  void withoutLibspeexdspTheBridgeSaysWhatToInstallAndStillListens() throws Exception {
    Path wav = home.resolve("question.wav");
    Process synth = new ProcessBuilder("espeak-ng", "-w", wav.toString(), "what is the weather tomorrow")
        .redirectErrorStream(true).start();
    synth.getInputStream().readAllBytes();
    assertTrue(synth.waitFor(60, TimeUnit.SECONDS) && synth.exitValue() == 0);
    Result r = jar(300, "listen", "--input", wav.toString(), "--fast", "--set", "wake.engine=none",
        "--set", "aec.library=/nonexistent/libspeexdsp.so.1", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> warnings = r.err().lines().filter(l -> l.contains("echo cancellation is off")).toList();
    assertEquals(1, warnings.size(), r.err());
    assertTrue(warnings.get(0).contains("apt-get install libspeexdsp1"), warnings.get(0));
    assertTrue(r.out().contains("\"stt.transcript\"") && r.out().contains("weather"), r.out() + r.err());
  }
}
