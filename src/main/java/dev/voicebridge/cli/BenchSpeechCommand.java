package dev.voicebridge.cli;

import dev.voicebridge.app.BridgeException;
import dev.voicebridge.bench.Percentiles;
import dev.voicebridge.bench.SpeechBenchmark;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.tts.EspeakSynthesizer;
import dev.voicebridge.tts.Synthesizer;
import dev.voicebridge.tts.Synthesizers;
import dev.voicebridge.tts.TtsSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "speech", aliases = "tts", mixinStandardHelpOptions = true,
    description = "First-audio latency per engine, filter throughput vs a pass-through copy, barge-in stop "
        + "latency; same run.")
public final class BenchSpeechCommand extends CommandBase {
  @Option(names = "--rounds", description = "Passes over the 20 fifteen-word sentences per engine (default: ${DEFAULT-VALUE})",
      defaultValue = "2")
  int rounds;

  @Option(names = "--engines", split = ",", description = "Engines to measure (default: espeak,freetts)",
      defaultValue = "espeak,freetts")
  List<String> engines;

  @Option(names = "--delta-chars", description = "Delta size for the throughput test (default: ${DEFAULT-VALUE})",
      defaultValue = "24")
  int deltaChars;

  @Option(names = "--json", description = "Print the figures as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || deltaChars < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rounds and --delta-chars must be at least 1");
    }
    BridgeConfig config = CliRuntime.loadConfig(global());
    TtsSettings tts = TtsSettings.from(config);
    PrintWriter err = spec.commandLine().getErr();
    SpeechBenchmark bench = new SpeechBenchmark(FilterSettings.from(config), err);
    List<SpeechBenchmark.EngineResult> results = new ArrayList<>();
    Synthesizer forStop = null;
    for (String engine : engines) {
      if (!engine.equals("espeak") && !engine.equals("freetts")) {
        throw new BridgeException("unknown engine '" + engine + "' (espeak or freetts)");
      }
      if (engine.equals("espeak") && EspeakSynthesizer.probe(tts.espeakBinary()).isEmpty()) {
        err.println("espeak-ng is not installed: skipping its figures (apt-get install espeak-ng)");
        continue;
      }
      err.println("first audio: " + engine + ", " + rounds + " x " + SpeechBenchmark.SENTENCES.size() + " sentences...");
      err.flush();
      results.add(bench.firstAudio(Synthesizers.exactly(tts.withEngine(engine)), rounds));
      if (forStop == null) {
        forStop = Synthesizers.exactly(tts.withEngine(engine));
      }
    }
    err.println("filter throughput...");
    err.flush();
    double[] t = bench.throughput(SpeechBenchmark.longReply(200_000), deltaChars, 20);
    err.println("barge-in stop latency...");
    err.flush();
    Percentiles stop = bench.stopToSilence(forStop != null ? forStop : Synthesizers.exactly(tts.withEngine("freetts")), 20);
    SpeechBenchmark.Result r = new SpeechBenchmark.Result(results, t[0], t[1], t[2], deltaChars, stop);
    if (json) {
      out().println(r.toJson().encodePrettily());
    } else {
      out().println("speech out (15-word sentences; first audio = completing delta -> first PCM at the sink)");
      for (SpeechBenchmark.EngineResult e : results) {
        out().printf("  %-8s first audio   %s%n", e.engine(), e.firstAudio().summary());
      }
      out().printf("  filter throughput        %,.0f chars/s (%d-char deltas), %.1f us per delta%n", t[0], deltaChars, t[2]);
      out().printf("  pass-through copy        %,.0f chars/s%n", t[1]);
      out().printf("  ratio filter/copy        %.4f%n", t[0] / t[1]);
      out().printf("  barge-in stop -> silence %s%n", stop.summary());
    }
    out().flush();
    return 0;
  }
}
