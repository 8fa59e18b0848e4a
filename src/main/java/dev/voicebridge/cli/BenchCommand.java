package dev.voicebridge.cli;

import dev.voicebridge.bench.ListenBenchmark;
import dev.voicebridge.bench.StoreBenchmark;
import dev.voicebridge.bench.SyntheticWhisperModel;
import dev.voicebridge.store.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench store}: benchmarks that print their figures (no thresholds; see the README). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks; each prints its figures.",
    subcommands = {BenchCommand.Store.class, BenchCommand.Listen.class})
public final class BenchCommand {

  @Command(name = "store", mixinStandardHelpOptions = true,
      description = "Turn-append latency and throughput through the event bus vs raw sqlite-jdbc, same run.")
  static final class Store extends CommandBase {
    @Option(names = "--turns", description = "Appends per measurement (default: ${DEFAULT-VALUE})", defaultValue = "5000")
    int turns;

    @Option(names = "--concurrency", description = "Appends in flight for throughput (default: ${DEFAULT-VALUE})",
        defaultValue = "64")
    int concurrency;

    @Option(names = "--dir", description = "Where the benchmark databases go (default: a temporary directory)")
    Path dir;

    @Option(names = "--json", description = "Print the figures as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      StoreSettings settings = StoreSettings.from(CliRuntime.loadConfig(global()));
      Path work = dir != null ? dir : Files.createTempDirectory("voice-bridge-bench-");
      try {
        StoreBenchmark.Result r = new StoreBenchmark(turns, concurrency, spec.commandLine().getErr())
            .run(work, settings);
        if (json) {
          out().println(r.toJson().encodePrettily());
        } else {
          out().printf("store append (synchronous=%s, %d turns)%n", settings.synchronous(), turns);
          out().printf("  bus -> persistence verticle  p50 %.3f ms  p99 %.3f ms%n", r.busP50(), r.busP99());
          out().printf("  raw sqlite-jdbc baseline     p50 %.3f ms  p99 %.3f ms%n", r.rawP50(), r.rawP99());
          out().printf("  throughput bus (%d in flight) %.0f appends/s%n", concurrency, r.busPerSecond());
          out().printf("  throughput raw (1 thread)     %.0f appends/s%n", r.rawPerSecond());
          out().printf("  ratio bus/raw                 %.2f%n", r.throughputRatio());
        }
        out().flush();
        return 0;
      } finally {
        if (dir == null) {
          try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
          }
        }
      }
    }
  }

  @Command(name = "speech-in", mixinStandardHelpOptions = true,
      description = {"Speech in: always-listening CPU cost, speech-to-text real-time factor per engine, and the time",
          "from the end of speech to the final transcript (Vosk streaming vs Whisper post-hoc), one run."})
  static final class Listen extends CommandBase {
    @Option(names = "--utterances", description = "Utterances per engine for the latency figures (default: ${DEFAULT-VALUE})",
        defaultValue = "6")
    int utterances;

    @Option(names = "--whisper-model", paramLabel = "FILE",
        description = "Whisper ggml model (default: a synthetic model with the tiny architecture, written for the run)")
    Path whisperModel;

    @Option(names = "--json", description = "Print the figures as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Path work = Files.createTempDirectory("voice-bridge-bench-");
      try {
        Path model = whisperModel;
        if (model == null) {
          spec.commandLine().getErr().println("writing a Whisper model with the tiny architecture (synthetic weights) ...");
          model = SyntheticWhisperModel.write(work.resolve("ggml-tiny-synthetic.bin"), 1);
        }
        ListenBenchmark.Result r = new ListenBenchmark(CliRuntime.loadConfig(global()), spec.commandLine().getErr(),
            utterances).run(work, model);
        if (json) {
          out().println(r.toJson().encodePrettily());
        } else {
          String whisperName = whisperModel == null ? "whisper (tiny architecture, synthetic weights)"
              : "whisper (" + whisperModel.getFileName() + ")";
          out().printf("speech in, %d cores%n", Runtime.getRuntime().availableProcessors());
          out().printf("always listening: CPU time per second of audio (%.0f s, one thread), %% of one core%n",
              r.audioSeconds());
          out().printf("  energy VAD (baseline)          %6.2f %%%n", r.energyCpu() * 100);
          out().printf("  Silero VAD                     %6.2f %%%n", r.sileroCpu() * 100);
          out().printf("  openWakeWord                   %6.2f %%%n", r.wakeCpu() * 100);
          out().printf("  listener (wake word + Silero)  %6.2f %%   (%.1fx the baseline)%n", r.listenerCpu() * 100,
              r.listenerCpu() / r.energyCpu());
          out().printf("speech-to-text real-time factor (processing / audio, %.1f s of utterances)%n",
              r.sttAudioSeconds());
          out().printf("  vosk                           %6.3f%n", r.voskRtf());
          out().printf("  %-30s %6.3f   (decoded %d characters: with random weights the decoder's output length,%n",
              whisperName, r.whisperRtf(), r.whisperCharacters());
          out().printf("  %-30s          and so its share of the time, is arbitrary; the encoder's cost is the real one)%n", "");
          out().printf("end of speech -> final transcript, real-time input (%d utterances), ms%n",
              r.latencyUtterances());
          out().printf("  vosk (streaming)               p50 %7.1f   max %7.1f%n", r.voskLatencyP50(),
              r.voskLatencyMax());
          out().printf("  whisper (post-hoc)             p50 %7.1f   max %7.1f%n", r.whisperLatencyP50(),
              r.whisperLatencyMax());
          out().printf("  ratio whisper / vosk (p50)     %7.1fx%n", r.whisperLatencyP50() / r.voskLatencyP50());
        }
        out().flush();
        return 0;
      } finally {
        try (Stream<Path> files = Files.walk(work)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
