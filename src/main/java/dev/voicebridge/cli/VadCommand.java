package dev.voicebridge.cli;

import dev.voicebridge.listen.SpeechSegments;
import dev.voicebridge.vad.VadEngines;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vad FILE.wav}: the utterances the endpointer finds, in milliseconds. */
@Command(name = "vad", mixinStandardHelpOptions = true,
    description = "The speech segments of a WAV file as the bridge's endpointer cuts them (always listening).")
public final class VadCommand extends CommandBase {

  @Parameters(paramLabel = "FILE.wav", description = "The recording")
  Path file;

  @Option(names = "--engine", description = "silero or energy (default: vad.engine)")
  String engine;

  @Override
  public Integer call() {
    VadSettings s = VadSettings.from(CliRuntime.loadConfig(global()));
    short[] pcm = SpeechInCli.readWav(file);
    try (VoiceActivityDetector vad = VadEngines.require(engine != null ? engine : s.engine(), s)) {
      List<SpeechSegments.Segment> segments = SpeechSegments.find(pcm, vad, s);
      out().printf("%-10s %-10s %-10s %s%n", "start_ms", "end_ms", "length_ms", "reason");
      for (SpeechSegments.Segment seg : segments) {
        out().printf(Locale.ROOT, "%-10d %-10d %-10d %s%n", seg.startMs(), seg.endMs(), seg.endMs() - seg.startMs(),
            seg.reason());
      }
      out().flush();
      return 0;
    }
  }
}
