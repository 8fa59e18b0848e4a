package dev.voicebridge.bench;

import dev.voicebridge.base.Futures;
import dev.voicebridge.cluster.ClusterSettings;
import dev.voicebridge.cluster.ClusterVertx;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A household from the outside: the fat jar as a hub ({@code run --role hub}) and as satellites
 * ({@code run --role satellite}), each satellite with a real-time microphone on its stdin and a WAV speaker,
 * keys made with {@code cluster init} / {@code cluster add-satellite}, a real OpenClaw gateway with a mock
 * model; and, in the same run, one box ({@code run}) on the same gateway as the baseline. Measured:
 * <ul>
 *   <li>end of speech → first audio, over the cluster against one box, alternating, the same question;</li>
 *   <li>a frame's hop across the cluster (two members in this process, on the same transport, TLS and codec
 *   as a satellite's utterance audio to its hub: one clock, so one-way times are exact);</li>
 *   <li>bytes a satellite sends: audio (its own count; none while idle) and everything on its sockets (ss);</li>
 *   <li>the hub's CPU with every satellite listening and with two rooms asking at once.</li>
 * </ul>
 * With {@code failures}: a satellite killed mid-utterance (the other room unaffected), the hub killed and
 * started again (the rooms say so, join again by themselves and the conversation resumes in its session),
 * and machines that must not get in: one without keys, one with another household's keys, and a member
 * asking for what satellites may not.
 */
public final class ClusterBenchmark {

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String CONNECTED = "connected to the OpenClaw gateway";
  private static final String JOINED = "joined hub";
  /** The rooms that speak; the others only listen. */
  static final Room KITCHEN = new Room("kitchen", "turn on the kitchen light", "kitchen", "The kitchen light is on now.");
  static final Room OFFICE = new Room("office", "what is the weather", "weather", "Sunny all day.");

  /** A room, the question asked there, what the model knows it by, and its answer. */
  public record Room(String name, String question, String trigger, String answer) {
  }

  /** One failure scenario and whether the household came through it. */
  public record Scenario(String name, boolean passed, String detail) {
    JsonObject toJson() {
      return new JsonObject().put("name", name).put("passed", passed).put("detail", detail);
    }
  }

  /**
   * {@code oneBoxMs}/{@code clusterMs}: end of the words → first sound, as the person hears it.
   * {@code oneBoxOwnMs}/{@code clusterOwnMs}: the same less the gateway's run (from the turn's acceptance to its
   * first delta, from each device's turn timing): the bridge's own share, where a cluster adds what it adds; the
   * gateway's run varies by seconds between turns on a shared 2-core machine and is the same service for both.
   */
  public record Result(int satellites, List<Double> oneBoxMs, List<Double> clusterMs, List<Double> oneBoxOwnMs,
      List<Double> clusterOwnMs, double addedByHopsMs, double hopP50Ms, double hopP99Ms,
      double idleAudioBytesPerSecond, double idleWireBytesPerSecond, double speakingAudioBytesPerSecond,
      double hubCpuIdlePercent, double hubCpuTwoAtOncePercent, List<Double> twoAtOnceMs, boolean roomsIsolated,
      List<Scenario> scenarios) {

    public double oneBoxP50() {
      return percentile(oneBoxMs, 50);
    }

    public double clusterP50() {
      return percentile(clusterMs, 50);
    }

    public double oneBoxOwnP50() {
      return percentile(oneBoxOwnMs, 50);
    }

    public double clusterOwnP50() {
      return percentile(clusterOwnMs, 50);
    }

    public JsonObject toJson() {
      JsonArray s = new JsonArray();
      scenarios.forEach(x -> s.add(x.toJson()));
      return new JsonObject().put("satellites", satellites).put("oneBoxMs", new JsonArray(oneBoxMs))
          .put("clusterMs", new JsonArray(clusterMs)).put("oneBoxP50Ms", oneBoxP50()).put("clusterP50Ms", clusterP50())
          .put("oneBoxOwnMs", new JsonArray(oneBoxOwnMs)).put("clusterOwnMs", new JsonArray(clusterOwnMs))
          .put("oneBoxOwnP50Ms", oneBoxOwnP50()).put("clusterOwnP50Ms", clusterOwnP50())
          .put("addedByHopsMs", addedByHopsMs)
          .put("hopP50Ms", hopP50Ms).put("hopP99Ms", hopP99Ms).put("idleAudioBytesPerSecond", idleAudioBytesPerSecond)
          .put("idleWireBytesPerSecond", idleWireBytesPerSecond)
          .put("speakingAudioBytesPerSecond", speakingAudioBytesPerSecond)
          .put("hubCpuIdlePercent", hubCpuIdlePercent).put("hubCpuTwoAtOncePercent", hubCpuTwoAtOncePercent)
          .put("twoAtOnceMs", new JsonArray(twoAtOnceMs)).put("roomsIsolated", roomsIsolated).put("scenarios", s);
    }
  }

  private final Path jar;
  private final int satellites;
  private final int rounds;
  private final boolean failures;
  private final PrintWriter log;
  private final Vertx harness = Vertx.vertx();
  private MockModel model;
  private OpenClawGateway gateway;
  private String token;
  private Path work;
  private Path keys;
  private int hubPort;
  private BridgeProcess hub;
  private final Map<String, SpokenDevice> rooms = new LinkedHashMap<>();
  private SpokenDevice oneBox;
  private final List<BridgeProcess> others = new ArrayList<>();
  /** An announcement to one room, asked by a member during the frame hop. */
  private Scenario intercom = new Scenario("an announcement to the office only", false, "not tried");
  /** The allow-list tried during the frame hop, while the probes are members. */
  private Scenario forbidden = new Scenario("a member asking the hub for store.cleanup", false, "not tried");
  /** What the cluster's hops add, stage by stage (p50 differences of the stages where it has hops). */
  private double addedByHops;
  /** Questions the kitchen asked and heard answered: each must be in its session at the hub, once. */
  private int kitchenAnswered;

  public ClusterBenchmark(Path jar, int satellites, int rounds, boolean failures, PrintWriter log) {
    this.jar = jar;
    this.satellites = satellites;
    this.rounds = rounds;
    this.failures = failures;
    this.log = log;
  }

  public Result run(Path dir) throws Exception {
    work = dir;
    keys = dir.resolve("keys");
    model = Futures.await(MockModel.start(harness), TIMEOUT, "the mock model");
    model.when(KITCHEN.trigger(), MockModel.Text.of(KITCHEN.answer()));
    model.when(OFFICE.trigger(), MockModel.Text.of(OFFICE.answer()));
    token = "cluster-" + UUID.randomUUID();
    say("starting the OpenClaw gateway " + OpenClawGateway.VERSION + " (about 15 s)...");
    gateway = OpenClawGateway.start(dir.resolve("gateway"), token, model.baseUrl());
    try {
      gateway.warmUp(harness, TIMEOUT, model, OFFICE.question(), OFFICE.trigger());
      makeKeys();
      startHub();
      startRooms();
      say("household up: hub + " + satellites + " satellites, and one box for comparison");
      say("a first question on each side (the gateway's first run of a session is slower; not counted)...");
      answered(oneBox, KITCHEN);
      answered(rooms.get(KITCHEN.name()), KITCHEN);
      List<Double> one = new ArrayList<>();
      List<Double> cluster = new ArrayList<>();
      List<Double> oneOwn = new ArrayList<>();
      List<Double> clusterOwn = new ArrayList<>();
      List<Stages> oneStages = new ArrayList<>();
      List<Stages> clusterStages = new ArrayList<>();
      boolean isolated = true;
      for (int i = 0; i < rounds; i++) {
        // each side first in every other round: neither always follows the other's reply
        for (boolean oneBoxTurn : i % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
          if (oneBoxTurn) {
            one.add(answered(oneBox, KITCHEN));
            oneStages.add(stages(oneBox));
            oneOwn.add(one.get(i) - oneStages.get(i).gateway());
          } else {
            long officeBefore = rooms.get(OFFICE.name()).speakerBytes();
            cluster.add(answered(rooms.get(KITCHEN.name()), KITCHEN));
            clusterStages.add(stages(rooms.get(KITCHEN.name())));
            clusterOwn.add(cluster.get(i) - clusterStages.get(i).gateway());
            isolated &= rooms.get(OFFICE.name()).speakerBytes() == officeBefore;
          }
        }
        say(String.format("  round %d: one box %.0f ms (%.0f without the gateway's run), over the cluster %.0f ms "
            + "(%.0f) (end of speech -> first audio)", i + 1, one.get(i), oneOwn.get(i), cluster.get(i),
            clusterOwn.get(i)));
      }
      say(String.format("  stage by stage, p50 (one box / over the cluster): end of turn -> transcript %.0f / %.0f ms, "
          + "-> accepted %.0f / %.0f ms, first delta -> first audio %.0f / %.0f ms; the gateway's run %.0f / %.0f ms",
          p50(oneStages, Stages::transcribed), p50(clusterStages, Stages::transcribed), p50(oneStages, Stages::sent),
          p50(clusterStages, Stages::sent), p50(oneStages, Stages::spoken), p50(clusterStages, Stages::spoken),
          p50(oneStages, Stages::gateway), p50(clusterStages, Stages::gateway)));
      addedByHops = (p50(clusterStages, Stages::transcribed) - p50(oneStages, Stages::transcribed))
          + (p50(clusterStages, Stages::sent) - p50(oneStages, Stages::sent))
          + (p50(clusterStages, Stages::spoken) - p50(oneStages, Stages::spoken));
      startOtherRooms();
      double[] hop = frameHop();
      say(String.format("frame hop across the cluster: p50 %.2f ms, p99 %.2f ms", hop[0], hop[1]));
      double[] idle = idleWindow();
      List<Double> both = new ArrayList<>();
      double busyCpu = twoAtOnce(both);
      double speaking = speakingAudioRate();
      List<Scenario> scenarios = new ArrayList<>();
      if (failures) {
        scenarios.add(attempt("satellite killed mid-utterance", this::satelliteKilledMidUtterance));
        scenarios.add(attempt("hub killed and restarted", this::hubKilledAndRestarted));
        scenarios.addAll(strangers());
      }
      return new Result(satellites, one, cluster, oneOwn, clusterOwn, addedByHops, hop[0], hop[1], idle[0], idle[1], speaking, idle[2], busyCpu, both,
          isolated, scenarios);
    } finally {
      for (SpokenDevice d : rooms.values()) {
        stopKeepingLog(d.process(), d.name());
      }
      if (oneBox != null) {
        stopKeepingLog(oneBox.process(), "one-box");
      }
      if (hub != null) {
        stopKeepingLog(hub, "hub");
      }
      for (BridgeProcess p : others) {
        p.kill();
      }
      gateway.stop();
      Futures.await(harness.close(), TIMEOUT, "the harness to stop");
    }
  }

  // ---- the household -----------------------------------------------------------------------------------------

  private List<String> roomNames() {
    List<String> names = new ArrayList<>(List.of(KITCHEN.name(), OFFICE.name()));
    for (int i = 3; i <= satellites; i++) {
      names.add("room-" + i);
    }
    return names;
  }

  /** The keys as a user makes them: cluster init, then cluster add-satellite per room (and two for the probe). */
  private void makeKeys() throws Exception {
    cli(work, "cluster", "init", "--dir", keys.toString());
    List<String> names = new ArrayList<>(roomNames());
    names.addAll(List.of("probe-a", "probe-b"));
    for (String n : names) {
      cli(work, "cluster", "add-satellite", n, "--dir", keys.toString());
    }
  }

  private void startHub() throws Exception {
    hubPort = freePort();
    Path home = Files.createDirectories(work.resolve("hub"));
    hub = BridgeProcess.start(jar, home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", token), "run", "-v", "--role", "hub",
        "--cluster-dir", keys.toString(), "--cluster-port", String.valueOf(hubPort),
        "--set", "gateway.url=" + gateway.url(), "--set", "store.path=" + home.resolve("hub.db"),
        "--set", "node.enabled=false", "--set", "http.enabled=false");
    hub.await(() -> hub.said("ready (") && hub.said(CONNECTED), 120);
  }

  private SpokenDevice satellite(String room) throws IOException {
    Path home = work.resolve("sat-" + room);
    List<String> args = new ArrayList<>(List.of("--role", "satellite", "--room", room, "--cluster-dir",
        keys.resolve("satellites").resolve(room).toString(), "--join", "127.0.0.1:" + hubPort));
    if (!room.equals(KITCHEN.name()) && !room.equals(OFFICE.name())) {
      // rooms that only listen: the default wake-word engine, lighter than a Vosk recogniser on every sound
      args.addAll(List.of("--set", "wake.engine=openwakeword"));
    }
    return SpokenDevice.start(room, jar, home, Map.of(), home.resolve("speaker.wav"), args);
  }

  private void startRooms() throws Exception {
    // one after the other, as a household's boxes come up: ten JVMs joining at once on two shared cores
    // is a test of the machine, not of the cluster
    for (String room : roomNames().subList(0, 2)) {
      SpokenDevice d = satellite(room);
      rooms.put(room, d);
      d.process().await(() -> d.process().said("listening:") && d.process().said(JOINED), 180);
    }
    Path home = work.resolve("one-box");
    oneBox = SpokenDevice.start("one-box", jar, home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", token),
        home.resolve("speaker.wav"), List.of("--set", "gateway.url=" + gateway.url(),
            "--set", "gateway.sessionKey=one-box", "--set", "store.path=" + home.resolve("bridge.db"),
            "--set", "node.enabled=false"));
    for (SpokenDevice d : rooms.values()) {
      d.process().await(() -> d.process().said("listening:") && d.process().said(JOINED), 180);
    }
    oneBox.process().await(() -> oneBox.process().said("listening:") && oneBox.process().said(CONNECTED), 180);
  }

  /**
   * The rooms that only listen, after the comparison: its rounds run with two satellites, the one box, the hub
   * and the gateway on the machine, and the load of six more real-time listeners on the same two cores would
   * be measured instead of the cluster.
   */
  private void startOtherRooms() throws Exception {
    for (String room : roomNames().subList(2, roomNames().size())) {
      SpokenDevice d = satellite(room);
      rooms.put(room, d);
      d.process().await(() -> d.process().said("listening:") && d.process().said(JOINED), 180);
    }
    if (satellites > 2) {
      say("the other " + (satellites - 2) + " rooms are up and listening");
    }
  }

  // ---- what a person feels -------------------------------------------------------------------------------------

  /** The room's question asked on {@code device}: end of the words → first sound of the answer (ms). */
  private double answered(SpokenDevice device, Room room) throws Exception {
    int before = model.requestTimes(room.trigger()).size();
    long sound = device.speakerBytes();
    long endOfWords = device.ask(room.question());
    awaitModel(room.trigger(), before + 1, device);
    double ms = (device.firstSoundAfter(sound, 60) - endOfWords) / 1e6;
    if (device.name().equals(KITCHEN.name())) {
      kitchenAnswered++;
    }
    device.awaitQuiet(6500, 60); // the answer played, the follow-up window over
    return ms;
  }

  /**
   * A spoken turn's stages as the device timed them (ms after the end of speech): where a cluster adds its
   * hops — the audio to the hub and the transcript back ({@link #transcribed}), the store and the send through
   * the hub ({@link #sent}), the reply's first delta from the hub to the first sound ({@link #spoken}) — and
   * the gateway's own run between ({@link #gateway}).
   */
  public record Stages(long endOfTurn, long transcript, long accepted, long firstDelta, long firstAudio) {
    double transcribed() {
      return transcript - endOfTurn;
    }

    double sent() {
      return accepted - transcript;
    }

    double gateway() {
      return firstDelta - accepted;
    }

    double spoken() {
      return firstAudio - firstDelta;
    }
  }

  /** The device's last spoken turn's stages, from its turn-timing line. */
  private static Stages stages(SpokenDevice device) {
    Pattern p = Pattern.compile("first audio (\\d+) ms after the end of speech \\(end of turn (\\d+), transcript "
        + "(\\d+), accepted (\\d+), first delta (\\d+)");
    Stages last = null;
    for (String line : device.process().log()) {
      Matcher m = p.matcher(line);
      if (line.contains("spoken") && m.find()) {
        last = new Stages(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
            Long.parseLong(m.group(5)), Long.parseLong(m.group(1)));
      }
    }
    if (last == null) {
      throw new IllegalStateException(device.name() + " logged no turn timing");
    }
    return last;
  }

  /** The gateway's run in the device's last spoken turn: from its acceptance to its first delta (ms). */
  private static double gatewayShare(SpokenDevice device) {
    return stages(device).gateway();
  }

  private void awaitModel(String trigger, int count, SpokenDevice device) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (model.requestTimes(trigger).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the question \"" + trigger + "\" never reached the model:\n"
            + device.process().text() + "\n---- hub ----\n" + hub.text());
      }
      Thread.sleep(10);
    }
  }

  /** Kitchen and office ask at the same moment: both answered, each in its own room. Returns the hub's CPU (%). */
  private double twoAtOnce(List<Double> times) throws Exception {
    say("two rooms asking at once...");
    SpokenDevice kitchen = rooms.get(KITCHEN.name());
    SpokenDevice office = rooms.get(OFFICE.name());
    long cpu0 = cpuTicks(hub.pid());
    long t0 = System.nanoTime();
    CompletableFuture<Double> a = CompletableFuture.supplyAsync(() -> quietly(() -> answered(kitchen, KITCHEN)));
    CompletableFuture<Double> b = CompletableFuture.supplyAsync(() -> quietly(() -> answered(office, OFFICE)));
    times.add(a.get(3, TimeUnit.MINUTES));
    times.add(b.get(3, TimeUnit.MINUTES));
    double percent = cpuPercent(cpu0, cpuTicks(hub.pid()), System.nanoTime() - t0);
    say(String.format("  kitchen %.0f ms (%.0f without the gateway's run), office %.0f ms (%.0f); the hub used %.1f%% "
        + "of a core meanwhile", times.get(0), times.get(0) - gatewayShare(kitchen), times.get(1),
        times.get(1) - gatewayShare(office), percent));
    return percent;
  }

  /** Every satellite listening, nobody speaking, 10 s: audio bytes sent, all bytes on the sockets, the hub's CPU. */
  private double[] idleWindow() throws Exception {
    say("an idle household for 10 s...");
    Map<String, Long> audio0 = new LinkedHashMap<>();
    Map<String, Long> wire0 = new LinkedHashMap<>();
    for (SpokenDevice d : rooms.values()) {
      audio0.put(d.name(), audioBytes(d));
      wire0.put(d.name(), socketBytesSent(d.pid()));
    }
    long cpu0 = cpuTicks(hub.pid());
    long t0 = System.nanoTime();
    Thread.sleep(10_000);
    long elapsed = System.nanoTime() - t0;
    double cpu = cpuPercent(cpu0, cpuTicks(hub.pid()), elapsed);
    double audio = 0;
    double wire = 0;
    for (SpokenDevice d : rooms.values()) {
      audio = Math.max(audio, (audioBytes(d) - audio0.get(d.name())) / (elapsed / 1e9));
      wire = Math.max(wire, (socketBytesSent(d.pid()) - wire0.get(d.name())) / (elapsed / 1e9));
    }
    say(String.format("  per satellite (the most of any): %.0f audio bytes/s, %.0f bytes/s on its sockets in all; "
        + "the hub used %.1f%% of a core", audio, wire, cpu));
    return new double[] {audio, wire, cpu};
  }

  /** Audio bytes per second of the kitchen's last utterance, from its own count. */
  private double speakingAudioRate() {
    SpokenDevice kitchen = rooms.get(KITCHEN.name());
    long bytes = lastNumber(kitchen, Pattern.compile("utterance \\S+: (\\d+) bytes of audio sent to the hub"));
    // 16 kHz PCM16 is 32000 bytes a second of speech: the rate while the utterance is open
    double seconds = bytes / 32000.0;
    say(String.format("  the kitchen's last utterance: %d audio bytes (%.1f s of audio; 32000 bytes/s while it was "
        + "open)", bytes, seconds));
    return bytes == 0 ? 0 : 32000;
  }

  // ---- the frame hop ---------------------------------------------------------------------------------------------

  /** Two members of the household in this process, one sending frame-sized buffers to the other: p50, p99 (ms). */
  private double[] frameHop() throws Exception {
    say("frame hop: two members join the cluster here and send 500 frames of 20 ms...");
    Vertx a = Futures.await(ClusterVertx.create(memberSettings("probe-a")), TIMEOUT, "probe a to join");
    Vertx b = Futures.await(ClusterVertx.create(memberSettings("probe-b")), TIMEOUT, "probe b to join");
    try {
      List<Double> hops = new CopyOnWriteArrayList<>();
      Futures.await(b.eventBus().<Buffer>consumer("bench.hop", m -> {
        if (m.headers().contains("sent")) {
          hops.add((System.nanoTime() - Long.parseLong(m.headers().get("sent"))) / 1e6);
        }
      }).completion(), TIMEOUT, "a consumer");
      Thread.sleep(2000); // the subscription known everywhere
      byte[] frame = new byte[640];
      for (int i = 0; i < 50; i++) { // the connection made and warm before anything is timed
        a.eventBus().send("bench.hop", Buffer.buffer(frame));
        Thread.sleep(20);
      }
      for (int i = 0; i < 500; i++) {
        a.eventBus().send("bench.hop", Buffer.buffer(frame),
            new DeliveryOptions().addHeader("sent", Long.toString(System.nanoTime())));
        Thread.sleep(20);
      }
      Thread.sleep(1000);
      List<Double> sorted = new ArrayList<>(hops);
      Collections.sort(sorted);
      if (sorted.isEmpty()) {
        throw new IllegalStateException("no frame crossed the cluster");
      }
      forbidden = askForbidden(a);
      intercom = announceToOneRoom(a);
      return new double[] {percentile(sorted, 50), percentile(sorted, 99)};
    } finally {
      Futures.await(a.close(), TIMEOUT, "probe a to leave");
      Futures.await(b.close(), TIMEOUT, "probe b to leave");
    }
  }

  /**
   * Every TCP port the hub listens on refuses a TLS client that has no certificate: the handshake fails, so
   * nothing (a frame, a request, a membership message) can be said to it. Ports from {@code ss -ltnp}.
   */
  private Scenario certificateless() {
    try {
      Process p = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      List<Integer> ports = new ArrayList<>();
      Matcher m = Pattern.compile(":(\\d+)\\s+\\S+:\\*.*pid=" + hub.pid() + ",").matcher(out);
      while (m.find()) {
        ports.add(Integer.parseInt(m.group(1)));
      }
      List<String> answered = new ArrayList<>();
      javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
      trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
        public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
        }

        public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
        }

        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
          return new java.security.cert.X509Certificate[0];
        }
      }}, null);
      for (int port : ports) {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trustAll.getSocketFactory()
            .createSocket("127.0.0.1", port)) {
          socket.setSoTimeout(5000);
          socket.startHandshake();
          // TLS 1.3: the server's refusal of a missing certificate arrives with the first read
          socket.getOutputStream().write(new byte[] {0, 0, 0, 1, 1});
          socket.getOutputStream().flush();
          if (socket.getInputStream().read() >= 0) {
            answered.add(port + " (answered)");
          }
        } catch (IOException refused) {
          // the handshake failed or the connection was closed: refused
        }
      }
      // and no JGroups diagnostics on UDP (they would answer probe there without any key; port 7500). The one
      // UDP socket the bridge has, on an ephemeral port, is Netty's DNS resolver's (a single box has it too).
      Process u = new ProcessBuilder("ss", "-lunpH").redirectErrorStream(true).start();
      String udp = new String(u.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      u.waitFor(10, TimeUnit.SECONDS);
      boolean noDiagnostics = udp.lines().noneMatch(l -> l.contains("pid=" + hub.pid() + ",")
          && (l.contains(":7500 ") || l.contains("224.0.75.75")));
      boolean ok = ports.size() >= 2 && answered.isEmpty() && noDiagnostics;
      return new Scenario("a TLS client without a certificate at the hub's ports", ok, "TCP ports " + ports
          + (answered.isEmpty() ? ": every one refused it" : ": NOT refused by " + answered)
          + (noDiagnostics ? "; no diagnostics port" : "; JGroups diagnostics are open on UDP"));
    } catch (Exception e) {
      return new Scenario("a TLS client without a certificate at the hub's ports", false, String.valueOf(e));
    }
  }

  /** A member asks the hub to announce in the office: the office speaks it, the kitchen does not. */
  private Scenario announceToOneRoom(Vertx member) {
    try {
      SpokenDevice kitchen = rooms.get(KITCHEN.name());
      SpokenDevice office = rooms.get(OFFICE.name());
      long k0 = kitchen.speakerBytes();
      long o0 = office.speakerBytes();
      Futures.await(member.eventBus().request("cluster.hub.request", new JsonObject().put("id", "dinner")
          .put("text", "Dinner is ready.").put("room", OFFICE.name()), new DeliveryOptions().addHeader("room", "probe-a")
          .addHeader("address", "speech.announce")), TIMEOUT, "the announcement to be accepted");
      office.firstSoundAfter(o0, 20);
      office.awaitQuiet(1500, 20);
      boolean ok = kitchen.speakerBytes() == k0;
      return new Scenario("an announcement to the office only", ok,
          ok ? "spoken in the office, not in the kitchen" : "the kitchen spoke it too");
    } catch (Exception e) {
      return new Scenario("an announcement to the office only", false, String.valueOf(e.getMessage()));
    }
  }

  /** A member of the household asking the hub for what satellites may not have: refused (403). */
  private Scenario askForbidden(Vertx member) {
    String answer;
    try {
      Futures.await(member.eventBus().request("cluster.hub.request", new JsonObject().put("keepDays", 0),
          new DeliveryOptions().addHeader("room", "probe-a").addHeader("address", "store.cleanup")), TIMEOUT, "cleanup");
      answer = "served";
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      answer = cause instanceof ReplyException re ? re.failureCode() + " " + re.getMessage() : e.toString();
    }
    return new Scenario("a member asking the hub for store.cleanup", answer.startsWith("403"), answer);
  }

  private ClusterSettings memberSettings(String name) {
    return ClusterSettings.from(BridgeConfig.defaults().with(Map.of("cluster.role", "satellite", "cluster.room", name,
        "cluster.dir", keys.resolve("satellites").resolve(name).toString(), "cluster.join", "127.0.0.1:" + hubPort)));
  }

  // ---- failures --------------------------------------------------------------------------------------------------

  /** The office killed while its user speaks: the kitchen goes on as before. */
  private Scenario satelliteKilledMidUtterance() throws Exception {
    say("a satellite killed mid-utterance...");
    SpokenDevice office = rooms.get(OFFICE.name());
    long wakes = office.process().count("wake word '");
    office.speakInBackground(new SpeechTrack().say(SpokenDevice.WAKE_PHRASE).silence(250)
        .say("what is the weather like in the mountains this weekend").samples());
    office.process().await(() -> office.process().count("wake word '") > wakes, 20);
    Thread.sleep(800); // the utterance open, its audio on its way to the hub
    office.kill();
    rooms.remove(OFFICE.name());
    stopKeepingLog(office.process(), OFFICE.name());
    double ms = answered(rooms.get(KITCHEN.name()), KITCHEN);
    boolean ok = ms > 0 && hub.isAlive();
    say(String.format("  the kitchen answered %.0f ms after its question (hub alive: %s)", ms, hub.isAlive()));
    return new Scenario("satellite killed mid-utterance", ok, String.format("kitchen answered in %.0f ms", ms));
  }

  /** The hub SIGKILLed: the kitchen says so; started again, the kitchen joins by itself and the conversation resumes. */
  private Scenario hubKilledAndRestarted() throws Exception {
    say("the hub killed and started again...");
    SpokenDevice kitchen = rooms.get(KITCHEN.name());
    BridgeProcess k = kitchen.process();
    long joins = k.count(JOINED);
    hub.kill();
    stopKeepingLog(hub, "hub-killed");
    k.await(() -> k.said("the hub does not answer"), 30);
    long sound = kitchen.speakerBytes();
    long sentences = k.count("while the hub is unreachable: saying so");
    kitchen.ask(KITCHEN.question());
    boolean toldUser = waitFor(() -> k.count("while the hub is unreachable: saying so") > sentences, 20);
    kitchen.firstSoundAfter(sound, 20); // it said so aloud
    kitchen.awaitQuiet(6500, 60);
    Path home = work.resolve("hub");
    hub = BridgeProcess.start(jar, home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", token), "run", "-v", "--role", "hub",
        "--cluster-dir", keys.toString(), "--cluster-port", String.valueOf(hubPort),
        "--set", "gateway.url=" + gateway.url(), "--set", "store.path=" + home.resolve("hub.db"),
        "--set", "node.enabled=false", "--set", "http.enabled=false");
    long restarted = System.nanoTime();
    hub.await(() -> hub.said("ready (") && hub.said(CONNECTED), 120);
    k.await(() -> k.count(JOINED) > joins, 60);
    double rejoinMs = (System.nanoTime() - restarted) / 1e6;
    double ms = answered(kitchen, KITCHEN);
    // by the word the model knows the question by: Vosk now and then hears "kitchen life" (as in bench faults)
    long questions = storedQuestions(home.resolve("hub.db"), "room-kitchen", KITCHEN.trigger());
    boolean ok = toldUser && ms > 0 && questions == kitchenAnswered;
    String detail = String.format("told the user: %s; joined again %.0f ms after the hub was started; the next "
        + "question answered in %.0f ms; the room's one session holds %d of the %d questions answered there", toldUser,
        rejoinMs, ms, questions, kitchenAnswered);
    say("  " + detail);
    return new Scenario("hub killed and restarted", ok, detail);
  }

  /** Machines that must not get in, and a member asking for what satellites may not. */
  private List<Scenario> strangers() throws Exception {
    say("strangers...");
    List<Scenario> out = new ArrayList<>();
    // no keys at all: one clear message, and it does not start
    Path empty = Files.createDirectories(work.resolve("no-keys"));
    String noKeys = cli(work, "run", "--role", "satellite", "--room", "attic", "--cluster-dir", empty.toString(),
        "--join", "127.0.0.1:" + hubPort, "--set", "http.enabled=false");
    String refusal = noKeys.lines().filter(l -> l.contains("no cluster keys")).findFirst().orElse(noKeys.strip());
    out.add(new Scenario("a machine without keys", noKeys.contains("no cluster keys"), refusal));
    // a TLS client without a certificate, at every port the hub listens on (membership and event bus)
    out.add(certificateless());
    // another household's keys: its TLS handshakes are refused; it never joins
    Path foreign = work.resolve("other-household");
    cli(work, "cluster", "init", "--dir", foreign.toString());
    cli(work, "cluster", "add-satellite", "attic", "--dir", foreign.toString());
    Path home = Files.createDirectories(work.resolve("sat-attic"));
    BridgeProcess stranger = BridgeProcess.start(jar, home, Map.of(), "run", "--role", "satellite", "--room", "attic",
        "--cluster-dir", foreign.resolve("satellites").resolve("attic").toString(), "--join", "127.0.0.1:" + hubPort,
        "--set", "http.enabled=false", "--set", "audio.input.source=file",
        "--set", "audio.input.file=" + silence(), "--set", "audio.output.sink=null");
    others.add(stranger);
    Thread.sleep(20_000);
    boolean refused = !stranger.said(JOINED) && !hub.said("room attic joined");
    out.add(new Scenario("a machine with another household's keys", refused,
        refused ? "never joined; the hub never heard of it" : "GOT IN:\n" + stranger.text()));
    stranger.kill();
    out.add(forbidden);
    out.add(intercom);
    out.forEach(s -> say("  " + s.name() + ": " + (s.passed() ? "ok" : "FAILED") + " ("
        + s.detail().lines().findFirst().orElse("") + ")"));
    return out;
  }

  /** How many user turns asking {@code question} the hub's store holds in session {@code key} (one session). */
  private long storedQuestions(Path db, String key, String question) throws IOException, InterruptedException {
    JsonArray sessions = new JsonArray(json(cli(work, "--db", db.toString(), "sessions", "list", "--json")));
    List<String> ofKey = sessions.stream().map(JsonObject.class::cast)
        .filter(s -> key.equals(s.getString("sessionKey"))).map(s -> s.getString("sessionUuid")).toList();
    if (ofKey.size() != 1) {
      say("  sessions of " + key + ": " + ofKey.size() + " (one expected)");
      return -1;
    }
    JsonArray turns = new JsonArray(json(cli(work, "--db", db.toString(), "history", "show", ofKey.get(0), "--json")));
    return turns.stream().map(JsonObject.class::cast)
        .filter(t -> "user".equals(t.getString("role")) && t.getString("content", "").contains(question)).count();
  }

  /** The JSON in a command's output (after any log lines). */
  private static String json(String out) {
    int at = out.indexOf('[');
    return at < 0 ? "[]" : out.substring(at);
  }

  // ---- measuring ---------------------------------------------------------------------------------------------

  /** The satellite's audio bytes so far, from its own count at each utterance's end (0 before any). */
  private static long audioBytes(SpokenDevice d) {
    return lastNumber(d, Pattern.compile("\\((\\d+) in all since start\\)"));
  }

  /** The number {@code p} captures in the last of {@code d}'s log lines it matches (0 when none does). */
  private static long lastNumber(SpokenDevice d, Pattern p) {
    long last = 0;
    for (String line : d.process().log()) {
      Matcher m = p.matcher(line);
      if (m.find()) {
        last = Long.parseLong(m.group(1));
      }
    }
    return last;
  }

  /** Bytes sent so far on every TCP socket of process {@code pid} (ss -tipn: its bytes_sent counters). */
  static long socketBytesSent(long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("ss", "-tipnH").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    long total = 0;
    boolean ours = false;
    Pattern sent = Pattern.compile("bytes_sent:(\\d+)");
    for (String line : out.split("\n")) {
      if (line.contains("users:(")) {
        ours = line.contains("pid=" + pid + ",");
      }
      Matcher m = sent.matcher(line);
      if (ours && m.find()) {
        total += Long.parseLong(m.group(1));
      }
    }
    return total;
  }

  private static double p50(List<Stages> stages, java.util.function.ToDoubleFunction<Stages> stage) {
    return percentile(stages.stream().map(x -> stage.applyAsDouble(x)).toList(), 50);
  }

  /** The nearest-rank percentile {@code p} of {@code values}. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** User and system CPU of {@code pid} so far, in clock ticks. */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static double cpuPercent(long ticks0, long ticks1, long elapsedNanos) {
    return (ticks1 - ticks0) / 100.0 / (elapsedNanos / 1e9) * 100;
  }

  private Path silence() throws IOException, InterruptedException {
    Path wav = work.resolve("silence.wav");
    if (!Files.exists(wav)) {
      new ProcessBuilder("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", wav.toString(), "trim", "0", "120")
          .redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
    }
    return wav;
  }

  /** A scenario that failed on the way (a timeout, a device that never answered) is a failed scenario, not a crash. */
  private Scenario attempt(String name, Step<Scenario> scenario) {
    try {
      return scenario.run();
    } catch (Exception e) {
      say("  " + name + ": FAILED: " + e.getMessage().lines().findFirst().orElse(""));
      return new Scenario(name, false, String.valueOf(e.getMessage()));
    }
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  private static <T> T quietly(Step<T> step) {
    try {
      return step.run();
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static boolean waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** A command of the product jar; its standard output and error. */
  private String cli(Path home, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops {@code p} (SIGTERM, or it is already dead) and keeps its log in the work directory. */
  private void stopKeepingLog(BridgeProcess p, String name) throws IOException, InterruptedException {
    if (p.isAlive()) {
      p.close();
    }
    Files.writeString(work.resolve(name + ".log"), p.text() + "\n");
  }

  private void say(String line) {
    log.println(line);
    log.flush();
  }
}
