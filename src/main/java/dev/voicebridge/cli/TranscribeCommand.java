package dev.voicebridge.cli;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.Transcriber;
import dev.voicebridge.stt.Transcribers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code transcribe FILE.wav [--engine vosk|whisper] [--json]}. */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
    description = "Transcribe a WAV file (any rate, channels, 16-bit or float) with the speech-to-text engine.")
public final class TranscribeCommand extends CommandBase {

  @Parameters(paramLabel = "FILE.wav", description = "The recording")
  Path file;

  @Option(names = "--engine", description = "vosk or whisper (default: stt.engine)")
  String engine;

  @Option(names = "--json", description = "Print JSON: text, engine, audioMs, processingMs, realTimeFactor")
  boolean json;

  @Override
  public Integer call() {
    SttSettings settings = SttSettings.from(CliRuntime.loadConfig(global()));
    String chosen = engine != null ? engine : settings.engine();
    short[] pcm = SpeechInCli.readWav(file);
    try (Transcriber t = Transcribers.create(chosen, settings)) {
      long t0 = System.nanoTime();
      String text = t.transcribe(pcm);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long audioMs = PcmSamples.samplesToMs(pcm.length);
      if (json) {
        out().println(new JsonObject().put("text", text).put("engine", t.engine()).put("audioMs", audioMs)
            .put("processingMs", ms).put("realTimeFactor", Math.round(ms * 1000.0 / Math.max(1, audioMs)) / 1000.0)
            .encode());
      } else {
        out().println(text);
        spec.commandLine().getErr().printf(Locale.ROOT, "(%s, %s of audio in %d ms)%n", t.engine(),
            SpeechInCli.seconds(audioMs), ms);
        spec.commandLine().getErr().flush();
      }
      out().flush();
      return 0;
    }
  }
}
