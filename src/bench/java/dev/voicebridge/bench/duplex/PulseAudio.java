package dev.voicebridge.bench.duplex;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The few questions the duplex benchmark asks the PulseAudio server (through pactl). */
final class PulseAudio {

  private PulseAudio() {
  }

  /** Whether a PulseAudio server answers (pactl info). */
  static boolean available() {
    try {
      return run("pactl", "info") != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The default sink's name, whose monitor hears what the bridge plays. */
  static String defaultSink() {
    String name = run("pactl", "get-default-sink");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("no PulseAudio default sink (is a server running? PULSE_SERVER?)");
    }
    return name.strip();
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
