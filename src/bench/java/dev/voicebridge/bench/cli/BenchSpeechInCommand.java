package dev.voicebridge.bench.cli;

import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.bench.ListenBenchmark;
import dev.voicebridge.bench.WakeAccuracy;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.wake.WakeEngines;
import dev.voicebridge.wake.WakeSettings;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.voicebridge.bench.SyntheticWhisperModel;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "speech-in", mixinStandardHelpOptions = true,
    description = {"Speech in: always-listening CPU cost, speech-to-text real-time factor per engine, the time",
        "from the end of speech to the final transcript (Vosk streaming vs Whisper post-hoc), and each wake engine's",
        "detected calls, false wakes per hour of talk and near misses taken for the trigger, one run."})
public final class BenchSpeechInCommand extends BenchCommandBase<BenchSpeechInCommand.Result> {

  /** The listening figures and each wake engine's accuracy, from one run. */
  record Result(ListenBenchmark.Result listen, List<WakeAccuracy.Result> wake) {
    // listen is null with --wake-only
  }

  @Option(names = "--wake-talk-rounds", description = "Times the plain talk of the wake corpus is spoken in every voice, "
      + "each a little faster, slower or higher: more rounds, a tighter bound on false wakes (default: ${DEFAULT-VALUE})", defaultValue = "1")
  int wakeTalkRounds;

  @Option(names = "--wake-only", description = "Only the wake-word figures (e.g. with many --wake-talk-rounds)")
  boolean wakeOnly;

  @Option(names = "--utterances", description = "Utterances per engine for the latency figures (default: ${DEFAULT-VALUE})",
      defaultValue = "6")
  int utterances;

  @Option(names = "--whisper-model", paramLabel = "FILE",
      description = "Whisper ggml model (default: a synthetic model with the tiny architecture, written for the run)")
  Path whisperModel;


  @Override
  protected Result run(Path work, PrintWriter progress) throws Exception {
    BridgeConfig config = CliRuntime.loadConfig(global());
    ListenBenchmark.Result listen = wakeOnly ? null : listening(config, work, progress);
    WakeAccuracy accuracy = new WakeAccuracy(progress, wakeTalkRounds);
    List<WakeAccuracy.Result> wake = new ArrayList<>();
    WakeSettings oww = WakeSettings.from(config.with(Map.of("wake.engine", "openwakeword", "wake.keyword", "hey_jarvis")));
    wake.add(accuracy.measure("openwakeword", "hey jarvis", () -> WakeEngines.create(oww), oww.threshold(),
        oww.refractoryMs()));
    WakeSettings vosk = WakeSettings.from(config.with(Map.of("wake.engine", "vosk", "wake.phrase", "hey computer")));
    wake.add(accuracy.measure("vosk", "hey computer", () -> WakeEngines.create(vosk), vosk.threshold(),
        vosk.refractoryMs()));
    return new Result(listen, wake);
  }

  private ListenBenchmark.Result listening(BridgeConfig config, Path work, PrintWriter progress) throws Exception {
    Path model = whisperModel;
    if (model == null) {
      progress.println("writing a Whisper model with the tiny architecture (synthetic weights) ...");
      model = SyntheticWhisperModel.write(work.resolve("ggml-tiny-synthetic.bin"), 1);
    }
    return new ListenBenchmark(config, progress, utterances).run(work, model);
  }

  @Override
  protected JsonObject toJson(Result r) {
    JsonArray wake = new JsonArray();
    r.wake().forEach(w -> wake.add(w.toJson()));
    return (r.listen() == null ? new JsonObject() : r.listen().toJson()).put("wake", wake);
  }

  @Override
  protected void render(Result result, PrintWriter out) {
    out.printf("speech in, %d cores%n", Runtime.getRuntime().availableProcessors());
    if (result.listen() != null) {
      renderListening(result.listen(), out);
    }
    renderWake(result, out);
  }

  private void renderListening(ListenBenchmark.Result r, PrintWriter out) {
    String whisperName = whisperModel == null ? "whisper (tiny architecture, synthetic weights)"
        : "whisper (" + whisperModel.getFileName() + ")";
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

  private static void renderWake(Result result, PrintWriter out) {
    out.printf("wake words (calls and near misses in %d espeak-ng voices; talk: %.0f s of ordinary speech, "
        + "silences not counted)%n", WakeAccuracy.VOICE_COUNT,
        result.wake().isEmpty() ? 0 : result.wake().get(0).talkSeconds());
    out.printf("  %-14s %-14s %16s %34s %12s %8s%n", "engine", "trigger", "calls detected",
        "false wakes (per hour, 95% bound)", "near misses", "CPU");
    for (WakeAccuracy.Result w : result.wake()) {
      out.printf("  %-14s %-14s %6d/%-3d %5.1f%% %10d (%5.1f/h, <= %5.1f/h) %8d/%-3d %7.2f%%%n", w.engine(), w.trigger(),
          w.detected(), w.calls(), w.detectionRate() * 100, w.falseWakes(), w.falseWakesPerHour(),
          w.falseWakesPerHourUpper95(), w.nearAccepted(), w.nearMisses(), w.cpuShare() * 100);
    }
    out.println("  goals: >= 95 % of calls detected, <= 1 false wake an hour of talk");
    out.println("  (porcupine: needs a Picovoice AccessKey, not measured here)");
  }
}
