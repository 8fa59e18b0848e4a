package dev.voicebridge.cli;

import dev.voicebridge.wake.WakeEngines;
import dev.voicebridge.wake.WakeSettings;
import dev.voicebridge.wake.WakeWordDetector;
import dev.voicebridge.wake.WakeWordSpotter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wake FILE.wav [--engine ...]}: wake-word detections with time and score. */
@Command(name = "wake", mixinStandardHelpOptions = true,
    description = "Find the wake word in a WAV file: one line per detection, with its time and score.")
public final class WakeCommand extends CommandBase {

  @Parameters(paramLabel = "FILE.wav", description = "The recording")
  Path file;

  @Option(names = "--engine", description = "openwakeword, porcupine or vosk (default: wake.engine)")
  String engine;

  @Option(names = "--keyword", description = "openWakeWord model name (default: wake.keyword)")
  String keyword;

  @Option(names = "--phrase", description = "Vosk wake phrase (default: wake.phrase)")
  String phrase;

  @Option(names = "--threshold", description = "Detection threshold 0..1 (default: wake.threshold)")
  Double threshold;

  @Override
  public Integer call() {
    java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
    if (engine != null) {
      overrides.put("wake.engine", engine);
    }
    if (keyword != null) {
      overrides.put("wake.keyword", keyword);
    }
    if (phrase != null) {
      overrides.put("wake.phrase", phrase);
    }
    if (threshold != null) {
      overrides.put("wake.threshold", threshold.toString());
    }
    WakeSettings s = WakeSettings.from(CliRuntime.loadConfig(global()).with(overrides));
    short[] pcm = SpeechInCli.readWav(file);
    try (WakeWordDetector d = WakeEngines.create(s)) {
      List<WakeWordSpotter.Detection> found = WakeWordSpotter.scan(d, pcm, s.threshold(), s.refractoryMs());
      for (WakeWordSpotter.Detection det : found) {
        out().printf(Locale.ROOT, "%8.2f s  %s  score %.3f%n", det.atMs() / 1000.0, det.keyword(), det.score());
      }
      if (found.isEmpty()) {
        out().println("no wake word (" + d.engine() + " '" + d.keyword() + "', threshold " + s.threshold() + ")");
      }
      out().flush();
      return 0;
    }
  }
}
