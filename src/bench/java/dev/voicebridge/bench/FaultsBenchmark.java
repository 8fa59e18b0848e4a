package dev.voicebridge.bench;

import dev.voicebridge.base.Futures;
import dev.voicebridge.gateway.MessageContent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Faults during spoken turns, from the outside: the fat jar ({@code run}) hears a microphone fed in real time
 * on its stdin, talks to a real OpenClaw gateway with a mock model and plays to a WAV; the harness kills
 * things as the world does and then checks what a user would — and what the store holds:
 * <ul>
 *   <li><b>outage</b>: the gateway killed, a question asked while it is down, the gateway back after D s:
 *   from the gateway being ready again to the question reaching the model, against a client that knew the
 *   instant the gateway was ready (the harness's own probe, which sends a question the moment its handshake
 *   completes, on a gateway restarted the same way just before: the gateway's own time), and to the
 *   answer's first audio;</li>
 *   <li><b>gateway killed mid-reply</b> (SIGKILL while the answer streams) and restarted;</li>
 *   <li><b>bridge killed mid-reply</b> (SIGKILL) and started again on the same database;</li>
 *   <li><b>disk full</b>: the database on a small tmpfs (from the start) that fills up, a question asked,
 *   space freed.</li>
 * </ul>
 * After each crash round the conversation must resume (the next question answered aloud); at the end the
 * database must pass {@code db check}, hold every question once, in one session, and the gateway must have
 * received each question once (its history).
 */
public final class FaultsBenchmark {

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String CONNECTED = "connected to the OpenClaw gateway";
  static final String SESSION = "faults";
  /** What the model answers the kitchen-light question by (see the model's set-up). */
  private static final String KITCHEN = "kitchen";
  /** Longer than the follow-up window (vad.followUpMs 5 s): a room this quiet is waiting for the wake word. */
  private static final long QUIET_MS = 6500;
  /** A reply that streams for about ten seconds, a sentence at a time: long enough to be killed in. */
  public static final String LONG_REPLY = "Here is some jazz for you. It is a long piece. The band plays on. The drums "
      + "come in. The piano answers. The bass walks along. The horns join them. It ends softly.";

  /** The gateway down for {@code downSeconds}: times from its being ready again (ms). */
  /**
   * {@code reconnectedMs}: ready → the bridge's log says it is connected again (its own share: the held question
   * goes at once); the model figures include the gateway's first agent run after a restart, 6 to 11 s here.
   */
  public record Outage(int downSeconds, double reconnectedMs, double bridgeAtModelMs, double idealAtModelMs,
      double firstAudioMs) {
    JsonObject toJson() {
      return new JsonObject().put("downSeconds", downSeconds).put("reconnectedMs", reconnectedMs)
          .put("bridgeAtModelMs", bridgeAtModelMs).put("idealAtModelMs", idealAtModelMs)
          .put("firstAudioMs", firstAudioMs);
    }
  }

  /** One crash round: the fault, and whether the conversation went on (the next question answered aloud). */
  public record Crash(String fault, int round, boolean resumed, double nextAnswerMs) {
    JsonObject toJson() {
      return new JsonObject().put("fault", fault).put("round", round).put("resumed", resumed)
          .put("nextAnswerMs", nextAnswerMs);
    }
  }

  /** What the store and the gateway hold at the end. */
  public record Ledger(boolean integrityOk, List<String> problems, int sessions, int questionsAsked,
      int userTurnsStored, int questionsAtGateway, int repliesStored, String diskFull) {
    JsonObject toJson() {
      return new JsonObject().put("integrityOk", integrityOk).put("problems", new JsonArray(problems))
          .put("sessions", sessions).put("questionsAsked", questionsAsked).put("userTurnsStored", userTurnsStored)
          .put("questionsAtGateway", questionsAtGateway).put("repliesStored", repliesStored)
          .put("diskFull", diskFull);
    }
  }

  /** {@code baselineMs}: end of words → first audio of a question with nothing broken, for comparison. */
  public record Result(double baselineMs, List<Outage> outages, List<Crash> crashes, Ledger ledger) {
    public JsonObject toJson() {
      JsonArray o = new JsonArray();
      outages.forEach(x -> o.add(x.toJson()));
      JsonArray c = new JsonArray();
      crashes.forEach(x -> c.add(x.toJson()));
      return new JsonObject().put("baselineMs", baselineMs).put("outages", o).put("crashes", c)
          .put("ledger", ledger.toJson());
    }
  }

  private final Path jar;
  private final List<Integer> downs;
  private final int gatewayKills;
  private final int bridgeKills;
  private final boolean diskFull;
  private final PrintWriter log;
  private final Vertx harness = Vertx.vertx();
  private MockModel model;
  private OpenClawGateway gateway;
  private String token;
  private Path home;
  private Path db;
  private Path speaker;
  /** The tmpfs the database lives on, when it could be mounted. */
  private Path smallDisk;
  private BridgeProcess bridge;
  private LiveMicrophone mic;
  private int processes;
  /** The questions asked that the bridge could store (not the one asked while the disk was full). */
  private final List<String> asked = new ArrayList<>();

  public FaultsBenchmark(Path jar, List<Integer> downs, int gatewayKills, int bridgeKills, boolean diskFull,
      PrintWriter log) {
    this.jar = jar;
    this.downs = downs;
    this.gatewayKills = gatewayKills;
    this.bridgeKills = bridgeKills;
    this.diskFull = diskFull;
    this.log = log;
  }

  public Result run(Path work) throws Exception {
    home = Files.createDirectories(work.resolve("home"));
    db = home.resolve("bridge.db");
    String full = "not tried";
    if (diskFull) {
      // the database on a disk of its own, small enough to fill in a moment
      Path mount = Files.createDirectories(work.resolve("small-disk"));
      if (run("mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", mount.toString())) {
        smallDisk = mount;
        db = mount.resolve("bridge.db");
      } else {
        full = "not tried: mounting a tmpfs needs root";
        say("disk full: " + full);
      }
    }
    model = Futures.await(MockModel.start(harness), TIMEOUT, "the mock model");
    model.when("music", MockModel.Text.slow(LONG_REPLY, 120));
    // "kitchen", not "light": Vosk now and then hears "kitchen life", and the question is the same question
    model.when(KITCHEN, MockModel.Text.of("The kitchen light is on now."));
    model.when("weather", MockModel.Text.of("Sunny all day."));
    token = "faults-" + UUID.randomUUID();
    say("starting the OpenClaw gateway " + OpenClawGateway.VERSION + " (about 15 s)...");
    gateway = OpenClawGateway.start(work.resolve("gateway"), token, model.baseUrl());
    try {
      warmGateway();
      startBridge();
      say("a question with nothing broken, for comparison...");
      double baseline = answered("turn on the kitchen light");
      say(String.format("  first audio %.0f ms after the last word", baseline));
      settle();
      List<Outage> outages = new ArrayList<>();
      for (int d : downs) {
        outages.add(outage(d));
      }
      List<Crash> crashes = new ArrayList<>();
      for (int i = 1; i <= gatewayKills; i++) {
        crashes.add(gatewayKilledMidReply(i));
      }
      for (int i = 1; i <= bridgeKills; i++) {
        crashes.add(bridgeKilledMidReply(i));
      }
      if (smallDisk != null) {
        full = diskFull();
      }
      stopBridge();
      return new Result(baseline, outages, crashes, ledger(full));
    } finally {
      if (bridge != null && bridge.isAlive()) {
        bridge.kill();
        keepLog();
      }
      if (smallDisk != null) {
        run("umount", "-l", smallDisk.toString());
      }
      gateway.stop();
      Futures.await(harness.close(), TIMEOUT, "the harness to stop");
    }
  }

  // ---- the scenarios ----------------------------------------------------------------------------------------

  private Outage outage(int downSeconds) throws Exception {
    // The gateway's own time first: restarted with nobody waiting, a client that knew the instant it was ready
    // asks at once. (Asked in the same outage as the bridge's question, it would queue behind it or the other
    // way round: the gateway runs one agent turn at a time at first.)
    say("outage: the gateway restarted, a client that knows the instant it is ready asks at once...");
    gateway.kill();
    gateway.restart();
    RawGatewayClient probe = gateway.awaitReadyClient(harness, TIMEOUT, 20);
    long probeReady = System.nanoTime();
    int weathers = model.requestTimes("weather").size();
    probe.request("chat.send", new JsonObject().put("sessionKey", "faults-ideal-client").put("message",
        "what is the weather").put("idempotencyKey", UUID.randomUUID().toString()));
    awaitCount("weather", weathers + 1);
    double ideal = ms(model.requestTimes("weather").get(weathers) - probeReady);
    Futures.await(probe.close(), TIMEOUT, "the probe to close");
    settle();

    say("outage: the gateway killed, a question asked, the gateway back after " + downSeconds + " s...");
    long killed = System.nanoTime();
    gateway.kill();
    Thread.sleep(1000);
    int held = (int) bridge.count("is kept until the gateway is back");
    int lights = model.requestTimes(KITCHEN).size();
    ask("turn on the kitchen light");
    bridge.await(() -> bridge.count("is kept until the gateway is back") > held, 60);
    long restartAt = killed + TimeUnit.SECONDS.toNanos(downSeconds);
    Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(restartAt - System.nanoTime())));
    int connects = (int) bridge.count(CONNECTED);
    gateway.restart();
    probe = gateway.awaitReadyClient(harness, TIMEOUT, 20);
    long ready = System.nanoTime();
    long wavBefore = sizeOf(speaker); // the "can't reach" sentence has long been played
    long audio = firstGrowth(speaker, wavBefore, 90);
    awaitCount(KITCHEN, lights + 1);
    Futures.await(probe.close(), TIMEOUT, "the probe to close");
    long reconnected = bridge.lines().stream().filter(l -> l.text().contains(CONNECTED)).skip(connects)
        .findFirst().orElseThrow().nanos();
    Outage o = new Outage(downSeconds, ms(reconnected - ready), ms(model.requestTimes(KITCHEN).get(lights) - ready),
        ideal, ms(audio - ready));
    say(String.format("  down %d s: ready -> the bridge connected again %.0f ms, its question at the model %.0f ms "
        + "(a client that knew, on a gateway restarted the same way: %.0f ms); -> first audio %.0f ms", downSeconds,
        o.reconnectedMs(), o.bridgeAtModelMs(), o.idealAtModelMs(), o.firstAudioMs()));
    settle();
    return o;
  }

  private Crash gatewayKilledMidReply(int round) throws Exception {
    say("gateway killed mid-reply, round " + round + "...");
    midReply();
    int musics = model.requestTimes("music").size();
    gateway.kill();
    Thread.sleep(2000);
    gateway.restart();
    warmGateway();
    // The restarted gateway continues the killed run by itself (a new run, a new request to the model), and
    // the bridge speaks the rest of that reply: asking over it, or into the follow-up window after it, would
    // measure barge-in, not recovery. Wait for it to be said (if it comes), then for a quiet room.
    awaitCountOrNot("music", musics + 1, 30);
    return resumed("gateway killed mid-reply", round);
  }

  private Crash bridgeKilledMidReply(int round) throws Exception {
    say("bridge killed mid-reply (SIGKILL), round " + round + "...");
    midReply();
    mic.interrupt();
    bridge.kill();
    keepLog();
    startBridge();
    return resumed("bridge killed mid-reply", round);
  }

  /** Waits for the gateway and warms it up (its first agent run is slow for any client). */
  private void warmGateway() {
    gateway.warmUp(harness, TIMEOUT, model, "what is the weather", "weather");
  }

  /** A question whose answer streams for seconds; returns a second into the stream, while it is spoken. */
  private void midReply() throws Exception {
    int musics = model.requestTimes("music").size();
    long wav = sizeOf(speaker);
    ask("play some music");
    awaitCount("music", musics + 1);
    firstGrowth(speaker, wav, 30); // the first sentence is being spoken
    Thread.sleep(1000);
  }

  /** The next question, once the bridge has recovered: answered aloud, and how soon after its last word. */
  private Crash resumed(String fault, int round) throws Exception {
    bridge.await(() -> bridge.said("session recovery:"), 90);
    settle();
    double ms = answered("turn on the kitchen light");
    Crash c = new Crash(fault, round, ms >= 0, ms);
    say(String.format("  %s: the next question %s", fault, ms >= 0
        ? String.format("answered aloud, first audio %.0f ms after its last word", ms) : "NOT answered"));
    settle();
    return c;
  }

  /** Asks {@code question} (about the kitchen light): end of words → first audio of the answer (ms), or -1 if none came. */
  private double answered(String question) throws Exception {
    int lights = model.requestTimes(KITCHEN).size();
    long wav = sizeOf(speaker);
    long endOfWords = ask(question);
    try {
      awaitCount(KITCHEN, lights + 1);
      return ms(firstGrowth(speaker, wav, 60) - endOfWords);
    } catch (IllegalStateException e) {
      say("  " + e.getMessage().lines().findFirst().orElse(""));
      return -1;
    }
  }

  /**
   * The database's disk (an 8 MB tmpfs) filled to the last byte: a spoken question cannot be stored. The bridge
   * must say so, keep running and lose nothing stored; with space again, the next question goes through.
   */
  private String diskFull() throws Exception {
    say("disk full: the database's tmpfs filled up, a question asked...");
    Path filler = smallDisk.resolve("filler");
    run("sh", "-c", "cat /dev/zero > " + filler + " 2>/dev/null; sync");
    int complaintsBefore = complaints();
    ask("turn on the kitchen light", false);
    Thread.sleep(8000);
    boolean alive = bridge.isAlive();
    long complaints = complaints() - complaintsBefore;
    Files.delete(filler);
    int lights = model.requestTimes(KITCHEN).size();
    boolean after;
    try {
      ask("turn on the kitchen light");
      awaitCount(KITCHEN, lights + 1);
      after = true;
    } catch (IllegalStateException e) {
      after = false;
    }
    String outcome = (alive ? "kept running" : "DIED") + ", " + complaints + " warning/error line(s) while full, "
        + (after ? "the next question went through once there was space" : "the next question was NOT sent");
    say("  disk full: " + outcome);
    settle();
    return outcome;
  }

  // ---- the ledger -------------------------------------------------------------------------------------------

  private Ledger ledger(String diskFullOutcome) throws Exception {
    JsonObject check = new JsonObject(cli("db", "check", "--json"));
    JsonArray sessions = new JsonArray(cli("sessions", "list", "--json"));
    int userTurns = 0;
    int replies = 0;
    for (Object s : sessions) {
      JsonArray turns = new JsonArray(cli("history", "show", ((JsonObject) s).getString("sessionUuid"), "--json"));
      for (Object t : turns) {
        JsonObject turn = (JsonObject) t;
        String content = turn.getString("content", "");
        if ("user".equals(turn.getString("role")) && (content.contains("music") || content.contains(KITCHEN))) {
          userTurns++;
        }
        if ("assistant".equals(turn.getString("role")) && content.contains("jazz")) {
          replies++;
        }
      }
    }
    RawGatewayClient phone = gateway.awaitReadyClient(harness, TIMEOUT, 300);
    JsonObject history = Futures.await(phone.request("chat.history", new JsonObject().put("sessionKey", SESSION)
        .put("limit", 1000)), TIMEOUT, "chat.history");
    phone.close();
    int atGateway = 0;
    for (Object m : history.getJsonArray("messages", new JsonArray())) {
      JsonObject msg = (JsonObject) m;
      String text = MessageContent.text(msg.getValue("content"));
      if ("user".equals(msg.getString("role")) && (text.contains("music") || text.contains(KITCHEN))) {
        atGateway++;
      }
    }
    List<String> problems = new ArrayList<>();
    check.getJsonArray("problems", new JsonArray()).forEach(p -> problems.add(String.valueOf(p)));
    return new Ledger(check.getBoolean("ok", false), problems, sessions.size(), asked.size(), userTurns, atGateway,
        replies, diskFullOutcome);
  }

  // ---- helpers ----------------------------------------------------------------------------------------------

  private void startBridge() throws Exception {
    // a WAV of its own per process: a new process starts its file afresh
    speaker = home.resolve("speaker-" + (processes + 1) + ".wav");
    bridge = BridgeProcess.start(jar, home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", token), "run", "-v",
        "--set", "gateway.url=" + gateway.url(), "--set", "gateway.sessionKey=" + SESSION,
        "--set", "store.path=" + db, "--set", "wake.engine=vosk", "--set", "node.enabled=false",
        "--set", "cues.wake=false", "--set", "cues.error=false",
        // the microphone paces itself, as a live one does: the bridge must not pace it again (a backlog from
        // start-up would then stay for good, and every word be heard late)
        "--set", "audio.input.source=stdin", "--set", "audio.input.realtime=false", "--set", "audio.output.sink=wav",
        "--set", "audio.output.file=" + speaker, "--set", "http.enabled=false");
    mic = new LiveMicrophone(bridge.stdin());
    mic.start();
    bridge.await(() -> bridge.said("listening:") && bridge.said("connected to"), 120);
  }

  private void stopBridge() throws Exception {
    mic.interrupt();
    bridge.close();
    keepLog();
  }

  /** Each bridge process's log, kept next to its database for whoever reads a failed run. */
  private void keepLog() throws IOException {
    Files.writeString(home.resolve("bridge-" + (++processes) + ".log"), bridge.text() + "\n");
  }

  /** "hey computer", then the question, in real time; says it again if the wake word was not heard. */
  /** Returns the end of the words ({@link System#nanoTime()}). */
  private long ask(String question) throws Exception {
    return ask(question, true);
  }

  private long ask(String question, boolean storable) throws Exception {
    short[] track = new SpeechTrack().say("hey computer").silence(250).say(question).silence(300).samples();
    for (int attempt = 0; attempt < 3; attempt++) {
      int wakes = (int) bridge.count("wake word '");
      long endOfWords = mic.say(track);
      try {
        bridge.await(() -> bridge.count("wake word '") > wakes, 3);
        if (storable) {
          asked.add(question);
        }
        return endOfWords;
      } catch (IllegalStateException missed) {
        say("  (the wake word was missed; asking again)");
      }
    }
    throw new IllegalStateException("the wake word was not heard three times in a row:\n" + bridge.text());
  }

  private int complaints() {
    return (int) bridge.lines().stream().filter(l -> l.text().contains(" WARN ") || l.text().contains(" ERROR "))
        .count();
  }

  /**
   * A quiet moment: the reply played out, follow-up listening over — the speaker has not grown for
   * {@link #QUIET_MS} (longer than the follow-up window), at least two seconds from now.
   */
  private void settle() throws IOException, InterruptedException {
    Thread.sleep(2000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long size = sizeOf(speaker);
    long since = System.nanoTime();
    while (System.nanoTime() - since < TimeUnit.MILLISECONDS.toNanos(QUIET_MS) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      long now = sizeOf(speaker);
      if (now != size) {
        size = now;
        since = System.nanoTime();
      }
    }
  }

  /** Waits up to {@code seconds} for the model's {@code count}-th request with {@code trigger}; fine if none comes. */
  private void awaitCountOrNot(String trigger, int count, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (model.requestTimes(trigger).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private void awaitCount(String trigger, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (model.requestTimes(trigger).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the question \"" + trigger + "\" never reached the model:\n"
            + (bridge == null ? "" : bridge.text()));
      }
      Thread.sleep(10);
    }
  }

  /** When the speaker's WAV first grew beyond {@code size} bytes: the first audio of an answer. */
  private static long firstGrowth(Path wav, long size, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (sizeOf(wav) <= size) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("nothing was played within " + seconds + " s");
      }
      Thread.sleep(5);
    }
    return System.nanoTime();
  }

  /** The speaker's WAV so far (it appears with the first sound). */
  private static long sizeOf(Path wav) throws IOException {
    return Files.exists(wav) ? Files.size(wav) : 0;
  }

  /** A command of the product jar on the same database (after the bridge stopped): its standard output. */
  private String cli(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", jar.toString(), "--db", db.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static boolean run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private void say(String line) {
    log.println(line);
    log.flush();
  }
}
