package dev.voicebridge.bench.cli;

import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bench.GatewaySpeech;
import dev.voicebridge.bench.Percentiles;
import dev.voicebridge.bench.SpeechBenchmark;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.tts.SynthesisException;
import dev.voicebridge.tts.Synthesizer;
import dev.voicebridge.tts.Synthesizers;
import dev.voicebridge.tts.TtsSettings;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "speech", aliases = "tts", mixinStandardHelpOptions = true,
    description = "First-audio latency per engine, filter throughput vs a pass-through copy, barge-in stop "
        + "latency; same run.")
public final class BenchSpeechCommand extends BenchCommandBase<SpeechBenchmark.Result> {
  @Option(names = "--rounds", description = "Passes over the 20 fifteen-word sentences per engine (default: ${DEFAULT-VALUE})",
      defaultValue = "2")
  int rounds;

  @Option(names = "--engines", split = ",", description = "Engines to measure: espeak, freetts, gateway (the user's "
      + "Talk voice through a real OpenClaw gateway whose speech provider is a local mock speaking with espeak-ng; "
      + "starts the gateway, about 15 s) (default: ${DEFAULT-VALUE})",
      defaultValue = "espeak,freetts,gateway")
  List<String> engines;

  @Option(names = "--delta-chars", description = "Delta size for the throughput test (default: ${DEFAULT-VALUE})",
      defaultValue = "24")
  int deltaChars;


  @Override
  protected void checkOptions() {
    if (rounds < 1 || deltaChars < 1) {
      throw usage("--rounds and --delta-chars must be at least 1");
    }
  }

  @Override
  protected SpeechBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    BridgeConfig config = CliRuntime.loadConfig(global());
    TtsSettings tts = TtsSettings.from(config);
    SpeechBenchmark bench = new SpeechBenchmark(FilterSettings.from(config), progress);
    List<SpeechBenchmark.EngineResult> results = new ArrayList<>();
    List<Synthesizer> opened = new ArrayList<>();
    List<String> fallbacks = new ArrayList<>();
    GatewaySpeech gateway = null;
    try {
      for (String engine : engines) {
        if (!engine.equals("espeak") && !engine.equals("freetts") && !engine.equals("gateway")) {
          throw new BridgeException("unknown engine '" + engine + "' (espeak, freetts or gateway)");
        }
        Synthesizer synthesizer;
        try {
          if (engine.equals("gateway")) {
            progress.println("starting the OpenClaw gateway with a local speech provider (about 15 s)...");
            progress.flush();
            gateway = new GatewaySpeech(work);
            synthesizer = Synthesizers.create(tts.withEngine("gateway"), fallbacks::add, gateway.voice());
          } else {
            synthesizer = Synthesizers.exactly(tts.withEngine(engine));
          }
        } catch (SynthesisException e) {
          progress.println(e.getMessage() + ": skipping its figures");
          continue;
        }
        opened.add(synthesizer);
        progress.println("first audio: " + engine + ", " + rounds + " x " + SpeechBenchmark.SENTENCES.size()
            + " sentences...");
        progress.flush();
        results.add(bench.firstAudio(synthesizer, rounds));
        if (!fallbacks.isEmpty()) {
          throw new BridgeException("the gateway engine fell back to the local one " + fallbacks.size()
              + " times, so its figures are not the gateway's: " + fallbacks.get(0));
        }
      }
      progress.println("filter throughput...");
      progress.flush();
      double[] t = bench.throughput(SpeechBenchmark.longReply(200_000), deltaChars, 20);
      progress.println("barge-in stop latency...");
      progress.flush();
      Synthesizer forStop = opened.stream().filter(o -> !o.name().equals("gateway")).findFirst()
          .orElseGet(() -> {
            Synthesizer f = Synthesizers.exactly(tts.withEngine("freetts"));
            opened.add(f);
            return f;
          });
      Percentiles stop = bench.stopToSilence(forStop, 20);
      return new SpeechBenchmark.Result(results, t[0], t[1], t[2], deltaChars, stop);
    } finally {
      opened.forEach(Synthesizer::close);
      if (gateway != null) {
        gateway.close();
      }
    }
  }

  @Override
  protected JsonObject toJson(SpeechBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(SpeechBenchmark.Result r, PrintWriter out) {
    out.println("speech out (15-word sentences; first audio = completing delta -> first PCM at the sink)");
    SpeechBenchmark.EngineResult espeak = r.engines().stream().filter(e -> e.engine().equals("espeak")).findFirst()
        .orElse(null);
    for (SpeechBenchmark.EngineResult e : r.engines()) {
      out.printf("  %-8s first audio   %s%s%n", e.engine(), e.firstAudio().summary(),
          espeak == null || e == espeak ? ""
              : String.format(" (p50 %.1fx espeak-ng's in this run)", e.firstAudio().millis(50)
                  / espeak.firstAudio().millis(50)));
    }
    out.printf("  filter throughput        %,.0f chars/s (%d-char deltas), %.1f us per delta%n",
        r.filterCharsPerSecond(), r.deltaChars(), r.filterMicrosPerDelta());
    out.printf("  pass-through copy        %,.0f chars/s%n", r.copyCharsPerSecond());
    out.printf("  ratio filter/copy        %.4f%n", r.filterCharsPerSecond() / r.copyCharsPerSecond());
    out.printf("  pipeline stop() -> last PCM to the sink %s (internal: the barge-in a user feels is bench duplex)%n",
        r.stopToSilence().summary());
  }
}
