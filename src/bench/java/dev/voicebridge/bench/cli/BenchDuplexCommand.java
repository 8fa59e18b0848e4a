package dev.voicebridge.bench.cli;

import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.bench.duplex.DuplexBenchmark;
import dev.voicebridge.bench.room.RoomSimulator.Room;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "duplex", mixinStandardHelpOptions = true,
    description = {"Full duplex in a simulated room: the whole bridge, the real OpenClaw gateway, a microphone that",
        "hears the speaker (echo level, reverberation, clipping, noise) and a user who talks over the replies.",
        "Per row: self-interruptions, self-transcribed turns, barge-in latency (speech onset -> silent speaker),",
        "ERLE, word error rate of what the user said over the bridge vs the no-echo row, AEC CPU share."})
public final class BenchDuplexCommand extends BenchCommandBase<DuplexBenchmark.Result> {

  @Option(names = "--barge-ins", description = "Times the user talks over a reply, per row (default: ${DEFAULT-VALUE})",
      defaultValue = "6")
  int bargeIns;

  @Option(names = "--quiet-s", description = "Seconds of the last reply heard in silence, per row (default: ${DEFAULT-VALUE})",
      defaultValue = "15")
  double quietSeconds;

  @Option(names = "--speaker", paramLabel = "pulse|tap",
      description = "pulse: the bridge plays through PulseAudio and the room hears the sink's monitor (default when a"
          + " PulseAudio server answers); tap: a speaker model on the bridge's playback tap")
  String speaker;

  @Option(names = "--drift-ppm", description = "With --speaker tap: the speaker's clock runs this much fast (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  double driftPpm;

  @Option(names = "--model-word-ms", description = "The mock model streams its reply a word every this many ms "
      + "(default: ${DEFAULT-VALUE}; slower keeps the run going at the gateway while the user barges in)",
      defaultValue = "25")
  int modelWordMs;

  @Option(names = "--reply-words", description = "The mock model answers with only the first N words of its reply "
      + "(default: all, about 40 s spoken); a short reply ends while the room is quiet, and listening opens for a "
      + "follow-up with the reply's echo still in the room", defaultValue = "0")
  int replyWords;

  @Option(names = "--rows", paramLabel = "all|quick",
      description = "all: no echo, -20/-10/-6/0/+6 dB at RT60 400 ms, 0 dB at RT60 200 and 600 ms, +6 dB clipped;"
          + " quick: no echo, 0 dB, +6 dB clipped (default: ${DEFAULT-VALUE})", defaultValue = "all")
  String rows;

  @Option(names = "--dir", description = "Keep each row's database, logs and recordings (mic, echo-cancelled, speaker,"
      + " user, echo as WAV) here (default: a temporary directory, removed)")
  Path dir;

  @Override
  protected Path givenDir() {
    return dir;
  }

  @Option(names = "--only", paramLabel = "ROW", description = "Run only the rows whose label contains this (e.g. \"+0 dB\")")
  String only;

  @Override
  protected void checkOptions() {
    if (speaker != null && !speaker.equals("pulse") && !speaker.equals("tap")) {
      throw usage("--speaker is pulse or tap");
    }
    if (!rows.equals("all") && !rows.equals("quick")) {
      throw usage("--rows is all or quick");
    }
    if (bargeIns < 1 || bargeIns > 50) {
      throw usage("--barge-ins is 1 to 50");
    }
  }

  @Override
  protected DuplexBenchmark.Result run(Path work, PrintWriter progress) throws Exception {
    String path = speaker != null ? speaker : DuplexBenchmark.pulseAvailable() ? "pulse" : "tap";
    if (speaker == null && path.equals("tap")) {
      progress.println("no PulseAudio server answers: the room hears a speaker model on the playback tap");
    }
    List<Map.Entry<String, Room>> table = DuplexBenchmark.standardRows();
    if (rows.equals("quick")) {
      table = List.of(table.get(0), table.get(4), table.get(table.size() - 1));
    }
    if (only != null) {
      table = table.stream().filter(e -> e.getKey().contains(only)).toList();
    }
    return new DuplexBenchmark(CliRuntime.loadConfig(global()), progress, bargeIns, quietSeconds, path, driftPpm,
        modelWordMs, replyWords).run(work, table);
  }

  @Override
  protected JsonObject toJson(DuplexBenchmark.Result r) {
    return r.toJson();
  }

  @Override
  protected void render(DuplexBenchmark.Result r, PrintWriter out) {
    JsonObject json = r.toJson();
    out.printf("full duplex in a simulated room, %d cores; speaker: %s%n", Runtime.getRuntime().availableProcessors(),
        r.speakerPath());
    out.printf("%-16s %8s %8s %6s %9s %9s %7s %6s %6s %6s %6s %7s%n", "room", "self-int", "per min", "self-",
        "barge-in", "barge-in", "barge-", "ERLE", "WER", "WER", "AEC", "others'");
    out.printf("%-16s %8s %8s %6s %9s %9s %7s %6s %6s %6s %6s %7s%n", "", "", "playback", "turns", "p50 ms", "p95 ms",
        "ins ok", "dB", "", "ratio", "CPU %", "runs s");
    for (Object o : json.getJsonArray("rows")) {
      JsonObject row = (JsonObject) o;
      out.printf("%-16s %8d %8.2f %6d %9.0f %9.0f %7s %6.1f %6.2f %6.2f %6.2f %7.1f%n", row.getString("row"),
          row.getInteger("selfInterruptions"), row.getDouble("selfInterruptionsPerMinute"),
          row.getInteger("selfTranscribedTurns"), row.getDouble("bargeInP50Ms"), row.getDouble("bargeInP95Ms"),
          (row.getInteger("bargeIns") - row.getInteger("missedBargeIns") - row.getInteger("bargeInsOverSilence")) + "/"
              + (row.getInteger("bargeIns") - row.getInteger("bargeInsOverSilence")),
          row.getDouble("erleDb"), row.getDouble("wer"), row.getDouble("werVsBaseline"),
          row.getDouble("aecCpuShare") * 100, row.getDouble("otherClientsHeardSeconds"));
    }
    out.println("barge-in: from the user's first sample to a silent speaker (< -50 dBFS for 800 ms), at the device,");
    out.println("  over the barge-ins that stopped it within 3 s (barge-ins ok; one over a speaker already silent, after a");
    out.println("  stray interruption, is not counted); WER ratio: against the no-echo row;");
    out.println("  ERLE: microphone / echo-cancelled energy where only the bridge talks (after its first 2 s);");
    out.println("  others' runs: seconds the speaker played while another client chatted on the gateway (should be 0).");
    for (Object o : json.getJsonArray("rows")) {
      JsonObject row = (JsonObject) o;
      if (!row.getJsonArray("selfTranscribedTexts").isEmpty() || !row.getJsonArray("notes").isEmpty()) {
        out.printf("%s: self-transcribed %s %s%n", row.getString("row"), row.getJsonArray("selfTranscribedTexts"),
            row.getJsonArray("notes"));
      }
    }
  }
}
