package dev.voicebridge.bench.cli;

import dev.voicebridge.bench.EndpointingEvaluation;
import dev.voicebridge.bench.WakeAccuracy;
import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.Transcriber;
import dev.voicebridge.stt.Transcribers;
import dev.voicebridge.vad.VadEngines;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "endpointing", mixinStandardHelpOptions = true,
    description = {"End of turn: on a labelled corpus (complete requests, and requests with a 600-1200 ms pause to think",
        "inside), how often the turn is cut before the last word and how long after the speech it ends, with the",
        "adaptive rules (the words so far decide the pause) and with a fixed silence timeout, one run."})
public final class BenchEndpointingCommand extends BenchCommandBase<BenchEndpointingCommand.Result> {

  record Result(int voices, EndpointingEvaluation.Summary adaptive, EndpointingEvaluation.Summary fixed) {
  }

  @Override
  protected Result run(Path work, PrintWriter progress) throws Exception {
    BridgeConfig config = CliRuntime.loadConfig(global());
    progress.printf("synthesising the end-of-turn corpus in %d espeak-ng voices ...%n", WakeAccuracy.VOICE_COUNT);
    List<EndpointingEvaluation.Clip> clips = EndpointingEvaluation.speak(WakeAccuracy.voices());
    EndpointingEvaluation.Summary adaptive = evaluate("adaptive", config.with(Map.of("vad.endOfTurn.adaptive", "true")),
        clips, progress);
    EndpointingEvaluation.Summary fixed = evaluate("fixed", config.with(Map.of("vad.endOfTurn.adaptive", "false")),
        clips, progress);
    return new Result(WakeAccuracy.VOICE_COUNT, adaptive, fixed);
  }

  private static EndpointingEvaluation.Summary evaluate(String rules, BridgeConfig config,
      List<EndpointingEvaluation.Clip> clips, PrintWriter progress) {
    progress.printf("%s end of turn: %d clips through Silero VAD, Vosk and the endpointer ...%n", rules, clips.size());
    VadSettings vad = VadSettings.from(config);
    try (VoiceActivityDetector detector = VadEngines.require("silero", vad);
        Transcriber vosk = Transcribers.create("vosk", SttSettings.from(config))) {
      return EndpointingEvaluation.run(rules, clips, vad, detector, vosk);
    }
  }

  @Override
  protected JsonObject toJson(Result r) {
    return new JsonObject().put("voices", r.voices()).put("adaptive", r.adaptive().toJson())
        .put("fixed", r.fixed().toJson())
        .put("completeDelayP50Ratio", Math.round(r.adaptive().delayMs("complete", 0.5)
            / r.fixed().delayMs("complete", 0.5) * 100) / 100.0);
  }

  @Override
  protected void render(Result r, PrintWriter out) {
    EndpointingEvaluation.Summary a = r.adaptive();
    EndpointingEvaluation.Summary f = r.fixed();
    out.printf("end of turn, %d espeak-ng voices: %d complete requests, %d with a pause to think (600-1200 ms)%n",
        r.voices(), a.of("complete").size(), a.of("hesitation").size());
    out.printf("  %-34s %14s %14s%n", "", "adaptive", "fixed");
    out.printf("  %-34s %10d/%-3d %10d/%-3d   (goal: 0)%n", "cut before the last word: pauses",
        a.premature("hesitation"), a.of("hesitation").size(), f.premature("hesitation"), f.of("hesitation").size());
    out.printf("  %-34s %10d/%-3d %10d/%-3d%n", "cut before the last word: complete", a.premature("complete"),
        a.of("complete").size(), f.premature("complete"), f.of("complete").size());
    out.printf("  %-34s %11.0f ms %11.0f ms   (goal: <= 350; ratio %.2f)%n", "end of speech -> end of turn, p50",
        a.delayMs("complete", 0.5), f.delayMs("complete", 0.5), a.delayMs("complete", 0.5) / f.delayMs("complete", 0.5));
    out.printf("  %-34s %11.0f ms %11.0f ms%n", "end of speech -> end of turn, p90", a.delayMs("complete", 0.9),
        f.delayMs("complete", 0.9));
    out.printf("  %-34s %11.0f ms %11.0f ms%n", "same, requests with a pause, p50", a.delayMs("hesitation", 0.5),
        f.delayMs("hesitation", 0.5));
    a.outcomes().stream().filter(EndpointingEvaluation.Outcome::premature).forEach(o -> out.printf(
        "  adaptive cut: %s, %d ms pause: \"%s\" (heard so far: \"%s\")%n", o.clip().voice(), o.clip().pauseMs(),
        o.clip().text(), o.heard()));
    out.println("  (audio time: the decision's position in the stream; the recogniser's words after every 100 ms)");
  }
}
