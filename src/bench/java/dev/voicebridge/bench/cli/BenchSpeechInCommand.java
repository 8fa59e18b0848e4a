package dev.voicebridge.bench.cli;

import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.bench.ListenBenchmark;
import dev.voicebridge.bench.SyntheticWhisperModel;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "speech-in", mixinStandardHelpOptions = true,
    description = {"Speech in: always-listening CPU cost, speech-to-text real-time factor per engine, and the time",
        "from the end of speech to the final transcript (Vosk streaming vs Whisper post-hoc), one run."})
public final class BenchSpeechInCommand extends BenchCommandBase<ListenBenchmark.Result> {
  @Option(names = "--utterances", description = "Utterances per engine for the latency figures (default: ${DEFAULT-VALUE})",
      defaultValue = "6")
  int utterances;

  @Option(names = "--whisper-model", paramLabel = "FILE",
      description = "Whisper ggml model (default: a synthetic model with the tiny architecture, written for the run)")
  Path whisperModel;


  @Override
  protected ListenBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    Path model = whisperModel;
    if (model == null) {
      progress.println("writing a Whisper model with the tiny architecture (synthetic weights) ...");
      model = SyntheticWhisperModel.write(work.resolve("ggml-tiny-synthetic.bin"), 1);
    }
    return new ListenBenchmark(CliRuntime.loadConfig(global()), progress, utterances).run(work, model);
  }

  @Override
  protected JsonObject toJson(ListenBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(ListenBenchmark.Result r, PrintWriter out) {
    String whisperName = whisperModel == null ? "whisper (tiny architecture, synthetic weights)"
        : "whisper (" + whisperModel.getFileName() + ")";
    out.printf("speech in, %d cores%n", Runtime.getRuntime().availableProcessors());
    out.printf("always listening: CPU time per second of audio (%.0f s, one thread), %% of one core%n",
        r.audioSeconds());
    out.printf("  energy VAD (baseline)          %6.2f %%%n", r.energyCpu() * 100);
    out.printf("  Silero VAD                     %6.2f %%%n", r.sileroCpu() * 100);
    out.printf("  openWakeWord                   %6.2f %%%n", r.wakeCpu() * 100);
    out.printf("  listener (wake word + Silero)  %6.2f %%   (%.1fx the baseline)%n", r.listenerCpu() * 100,
        r.listenerCpu() / r.energyCpu());
    out.printf("speech-to-text real-time factor (processing / audio, %.1f s of utterances)%n",
        r.sttAudioSeconds());
    out.printf("  vosk                           %6.3f%n", r.voskRtf());
    out.printf("  %-30s %6.3f   (decoded %d characters: with random weights the decoder's output length,%n",
        whisperName, r.whisperRtf(), r.whisperCharacters());
    out.printf("  %-30s          and so its share of the time, is arbitrary; the encoder's cost is the real one)%n", "");
    out.printf("end of speech -> final transcript, real-time input (%d utterances), ms%n",
        r.latencyUtterances());
    out.printf("  vosk (streaming)               p50 %7.1f   max %7.1f%n", r.voskLatencyP50(),
        r.voskLatencyMax());
    out.printf("  whisper (post-hoc)             p50 %7.1f   max %7.1f%n", r.whisperLatencyP50(),
        r.whisperLatencyMax());
    out.printf("  ratio whisper / vosk (p50)     %7.1fx%n", r.whisperLatencyP50() / r.voskLatencyP50());
  }
}
