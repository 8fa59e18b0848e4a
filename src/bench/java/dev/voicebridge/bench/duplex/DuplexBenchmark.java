package dev.voicebridge.bench.duplex;

import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.room.PulseMonitorOutput;
import dev.voicebridge.bench.room.RoomSimulator.Room;
import dev.voicebridge.bench.room.SpeakerOutput;
import dev.voicebridge.bench.room.TapOutput;
import dev.voicebridge.bus.SpeechInMessages.EchoStatus;
import dev.voicebridge.base.Futures;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code bench duplex}: the bridge in a simulated room, row by row (echo level, reverberation, clipping),
 * against the real OpenClaw gateway with an instant mock model. Each row runs the same script: the wake
 * word and a question, then the user talking over each reply at a random moment, then a long reply heard
 * in silence. The first row has no echo at all: its word error rate is the baseline of the others.
 */
public final class DuplexBenchmark {

  /** One row's setting and outcome. */
  public record Row(String label, Room room, DuplexAnalysis.Figures figures, EchoStatus echo,
      double otherClientsHeardSeconds, List<String> notes, int repliesSpokenToTheEnd, List<String> cues) {
  }

  /** All rows, the speaker path used and the baseline word error rate. */
  public record Result(String speakerPath, List<Row> rows, double baselineWer) {

    public JsonObject toJson() {
      JsonArray rows = new JsonArray();
      for (Row r : this.rows) {
        DuplexAnalysis.Figures f = r.figures();
        rows.add(new JsonObject().put("row", r.label()).put("room", r.room().describe())
            .put("playbackSeconds", round(f.playbackSeconds()))
            .put("selfInterruptions", f.selfInterruptions())
            .put("selfInterruptionsPerMinute", round(f.selfInterruptionsPerMinute()))
            .put("selfTranscribedTurns", f.selfTurns()).put("selfTranscribedTexts", new JsonArray(f.selfTurnTexts()))
            .put("selfHeardNotSent", new JsonArray(f.selfHeardNotSentTexts()))
            .put("bargeIns", f.bargeInLatenciesMs().size() + f.missedBargeIns() + f.bargeInsOverSilence())
            .put("missedBargeIns", f.missedBargeIns())
            .put("bargeInsOverSilence", f.bargeInsOverSilence())
            .put("bargeInP50Ms", round(percentile(f.bargeInLatenciesMs(), 50)))
            .put("bargeInP95Ms", round(percentile(f.bargeInLatenciesMs(), 95)))
            .put("bargeInLatenciesMs", new JsonArray(f.bargeInLatenciesMs().stream().map(DuplexBenchmark::round).toList()))
            .put("erleDb", round(f.erleDb())).put("wer", round(f.wer()))
            .put("onsetErleDb", new JsonArray(f.onsetErlesDb().stream().map(DuplexBenchmark::round).toList()))
            .put("uncancelledOnsets", f.uncancelledOnsets())
            .put("werVsBaseline", round(f.wer() / baselineWer))
            .put("aecCpuShare", round(r.echo().cpuShare() * 1000) / 1000)
            .put("aecEngine", r.echo().engine())
            .put("echoLatencyMs", round(r.echo().latencyMs())).put("driftPpm", round(r.echo().driftPpm()))
            .put("otherClientsHeardSeconds", round(r.otherClientsHeardSeconds()))
            .put("abortedRuns", f.abortedRuns())
            .put("repliesSpokenToTheEnd", r.repliesSpokenToTheEnd()).put("cues", new JsonArray(r.cues()))
            .put("heard", new JsonArray(f.heard())).put("notes", new JsonArray(r.notes())));
      }
      return new JsonObject().put("speakerPath", speakerPath).put("baselineWer", round(baselineWer)).put("rows", rows);
    }
  }

  private final BridgeConfig base;
  private final PrintWriter log;
  private final int bargeIns;
  private final double quietSeconds;
  private final String speakerPath;
  private final double driftPpm;
  private final int modelWordMs;
  /** The reply's first words only (0: all of it): a short reply ends while the room is quiet. */
  private final int replyWords;

  /** @param speakerPath pulse (the real playback path through PulseAudio) or tap (a speaker model on the playback tap) */
  public DuplexBenchmark(BridgeConfig base, PrintWriter log, int bargeIns, double quietSeconds, String speakerPath,
      double driftPpm, int modelWordMs, int replyWords) {
    this.replyWords = replyWords;
    this.base = base;
    this.log = log;
    this.bargeIns = bargeIns;
    this.quietSeconds = quietSeconds;
    this.speakerPath = speakerPath;
    this.driftPpm = driftPpm;
    this.modelWordMs = modelWordMs;
  }

  /** Whether a PulseAudio server answers here (then the real playback path is used). */
  public static boolean pulseAvailable() {
    return PulseAudio.available();
  }

  /** The rows of the full table: echo levels at RT60 400 ms, then reverberation, then a clipping speaker. */
  public static List<Map.Entry<String, Room>> standardRows() {
    List<Map.Entry<String, Room>> rows = new ArrayList<>();
    rows.add(Map.entry("no echo", Room.quiet(Double.NaN, 400)));
    for (double db : new double[] {-20, -10, -6, 0, 6}) {
      rows.add(Map.entry(String.format("%+.0f dB", db), Room.quiet(db, 400)));
    }
    rows.add(Map.entry("0 dB, RT60 200", Room.quiet(0, 200)));
    rows.add(Map.entry("0 dB, RT60 600", Room.quiet(0, 600)));
    rows.add(Map.entry("+6 dB clipped", Room.quiet(6, 400).clipped()));
    return rows;
  }

  public Result run(Path work, List<Map.Entry<String, Room>> rows) throws Exception {
    Vertx vertx = Vertx.vertx();
    MockModel model = Futures.await(MockModel.start(vertx));
    model.otherwise(MockModel.Text.slow(DuplexScript.reply(replyWords), modelWordMs));
    String token = "duplex-" + UUID.randomUUID();
    log.println("starting the OpenClaw gateway " + OpenClawGateway.VERSION + " ...");
    log.flush();
    try (OpenClawGateway gateway = OpenClawGateway.start(Files.createDirectories(work.resolve("gateway")), token,
        model.baseUrl())) {
      gateway.awaitReady(vertx, Duration.ofSeconds(120));
      double referenceDbfs = DuplexSession.synthesiserLevelDbfs(base);
      List<Row> results = new ArrayList<>();
      int n = 0;
      for (Map.Entry<String, Room> row : rows) {
        n++;
        log.printf("row %d/%d: %s (%s)%n", n, rows.size(), row.getKey(), row.getValue().describe());
        log.flush();
        Path dir = Files.createDirectories(work.resolve("row-" + n));
        BridgeConfig config = base.with(settings(dir, gateway, "duplex-" + n));
        DuplexSession.Outcome o = new DuplexSession(config, log).run(row.getValue(), speaker(), referenceDbfs,
            new DuplexScript(bargeIns, quietSeconds, 1000 + n), dir);
        results.add(new Row(row.getKey(), row.getValue(), o.figures(), o.echo(), o.otherClientsHeardSeconds(), o.notes(),
            o.repliesSpokenToTheEnd(), o.cues()));
        o.figures().timeline().forEach(line -> log.println("    " + line));
        log.printf("  %s%n", summary(o.figures()));
        log.flush();
      }
      double baseline = results.isEmpty() ? Double.NaN : results.get(0).figures().wer();
      return new Result(describeSpeaker(), results, baseline);
    } finally {
      Futures.await(model.close());
      Futures.await(vertx.close());
    }
  }

  private Map<String, String> settings(Path dir, OpenClawGateway gateway, String sessionKey) {
    Map<String, String> s = new HashMap<>();
    s.put("store.path", dir.resolve("bridge.db").toString());
    s.put("gateway.identityDir", dir.resolve("identity").toString());
    s.put("gateway.url", gateway.url());
    s.put("gateway.token", gateway.token());
    s.put("gateway.sessionKey", sessionKey);
    s.put("audio.input.source", "stdin");
    s.put("audio.input.realtime", "false");
    s.put("audio.input.stdinSampleRate", "16000");
    s.put("audio.output.sink", speakerPath.equals("pulse") ? "speaker" : "null");
    return s;
  }

  private Function<EventBus, SpeakerOutput> speaker() {
    if (speakerPath.equals("pulse")) {
      String monitor = PulseAudio.defaultSink() + ".monitor";
      return bus -> new PulseMonitorOutput(monitor, Map.of());
    }
    return bus -> new TapOutput(bus, driftPpm);
  }

  private String describeSpeaker() {
    return speakerPath.equals("pulse") ? "PulseAudio: the bridge plays to the default sink, the room hears its monitor"
        : "speaker model on the bridge's playback tap" + (driftPpm == 0 ? "" : String.format(", clock %+.0f ppm", driftPpm));
  }

  static String summary(DuplexAnalysis.Figures f) {
    return String.format("self-interruptions %d, self-transcribed turns %d, barge-in p50 %.0f ms (missed %d, "
        + "over a silent speaker %d), ERLE %.1f dB, WER %.2f; sentence starts: %d of %d under %.0f dB of ERLE in their first 200 ms (median %.1f dB)",
        f.selfInterruptions(), f.selfTurns(), percentile(f.bargeInLatenciesMs(), 50),
        f.missedBargeIns(), f.bargeInsOverSilence(), f.erleDb(), f.wer(), f.uncancelledOnsets(), f.onsetErlesDb().size(),
        DuplexAnalysis.UNCANCELLED_ONSET_DB, percentile(f.onsetErlesDb(), 50));
  }

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static double round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? v : Math.round(v * 10) / 10.0;
  }
}
