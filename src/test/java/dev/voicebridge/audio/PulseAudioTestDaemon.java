package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real audio device for tests: starts {@code scripts/pulseaudio-test-daemon.sh} (a PulseAudio null
 * sink whose monitor is the default source) when it is not running. The test JVM reaches it through
 * PULSE_SERVER, which pom.xml sets. Call it before the JVM first touches javax.sound (a {@code @BeforeAll}):
 * the ALSA layer does not notice a server that appears later. Tests skip only when PulseAudio is not
 * installed at all — CI installs it.
 */
final class PulseAudioTestDaemon {

  private PulseAudioTestDaemon() {
  }

  /** Why the device tests cannot run, or null when the daemon runs. */
  static String ensure() throws Exception {
    if (!onPath("pulseaudio") || !onPath("pactl")) {
      return "PulseAudio is not installed (apt-get install pulseaudio pulseaudio-utils libasound2-plugins): "
          + "the real-device playback test cannot run";
    }
    if (System.getenv("PULSE_SERVER") == null) {
      return "PULSE_SERVER is not set: run the tests through Maven (pom.xml sets it)";
    }
    Path script = Path.of("scripts", "pulseaudio-test-daemon.sh").toAbsolutePath();
    Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), "pulseaudio-test-daemon.sh failed: " + out);
    return null;
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
