package dev.voicebridge.bench;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.base.Futures;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.NodeMessages.Announce;
import dev.voicebridge.bus.NodeMessages.AnnounceAccepted;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.GatewaySettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The bridge as an OpenClaw node, timed as the people around it feel it, with a real gateway and the
 * bridge in VOICE mode in this process (espeak-ng, a null speaker, the microphone fed in real time):
 * <ul>
 *   <li>announcement: from the moment the owner's client sends {@code node.invoke system.notify} (what the
 *       agent's nodes tool does) to the first audio of it at the speaker, against the same text given to
 *       the bridge's own {@code speech.announce} in the same run — the difference is the gateway's relay
 *       and the node's handling;
 *   <li>push-to-talk once: from the end of the user's words to the invoke's answer carrying them, against
 *       the end of the words to the bridge's own transcript (the same utterance); and from the end of the
 *       words to the first sound of the reply (the mock model answers at once).
 * </ul>
 */
public final class NodeBenchmark {

  /** The figures, in milliseconds. */
  public record Result(Percentiles announceLocal, Percentiles announceViaNode, Percentiles transcriptLocal,
      Percentiles answerViaNode, Percentiles endOfWordsToReplySound) {

    public JsonObject toJson() {
      return new JsonObject().put("announceLocalToFirstAudio", announceLocal.toJson())
          .put("announceInvokeToFirstAudio", announceViaNode.toJson())
          .put("endOfWordsToTranscript", transcriptLocal.toJson())
          .put("endOfWordsToPttOnceAnswer", answerViaNode.toJson())
          .put("endOfWordsToReplyFirstAudio", endOfWordsToReplySound.toJson());
    }
  }

  private static final String SESSION = "bench-node";
  private static final String NAME = "Bench speaker";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final List<String> QUESTIONS = List.of("what time is it", "turn on the kitchen light",
      "what is the weather tomorrow", "set a timer for ten minutes");

  private final int announcements;
  private final int captures;
  private final PrintWriter log;
  private final BlockingQueue<long[]> started = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> transcripts = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> triggers = new LinkedBlockingQueue<>();

  public NodeBenchmark(int announcements, int captures, PrintWriter log) {
    this.announcements = announcements;
    this.captures = captures;
    this.log = log;
  }

  public Result run(Path work) throws Exception {
    Vertx harness = Vertx.vertx();
    Vertx bridgeVertx = BridgeVertx.create();
    OpenClawGateway gateway = null;
    PipedInputStream micInput = new PipedInputStream(20 * 320 * 2);
    LiveMicrophone mic = new LiveMicrophone(new PipedOutputStream(micInput));
    try {
      MockModel model = Futures.await(MockModel.start(harness), TIMEOUT, "the mock model");
      model.otherwise(MockModel.Text.of("Done."));
      String token = "bench-" + UUID.randomUUID();
      say("starting the OpenClaw gateway " + OpenClawGateway.VERSION + " (about 15 s)...");
      gateway = OpenClawGateway.start(work.resolve("gateway"), token, model.baseUrl());
      gateway.awaitReady(harness, TIMEOUT);
      GatewaySettings owner = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.url", gateway.url(),
          "gateway.token", token)));
      RawGatewayClient console = Futures.await(RawGatewayClient.connect(harness, owner, DeviceIdentity.generate(),
          List.of("operator.read", "operator.write", "operator.pairing", "operator.admin")), TIMEOUT, "the console");

      BridgeConfig config = BridgeConfig.defaults().with(Map.ofEntries(
          Map.entry("store.path", work.resolve("bridge.db").toString()),
          Map.entry("gateway.identityDir", work.resolve("identity").toString()),
          Map.entry("gateway.url", gateway.url()), Map.entry("gateway.token", token),
          Map.entry("gateway.sessionKey", SESSION), Map.entry("node.displayName", NAME),
          Map.entry("wake.engine", "none"), Map.entry("wake.pushToTalk", "true"),
          Map.entry("audio.input.source", "stdin"), Map.entry("audio.output.sink", "null"),
          Map.entry("http.enabled", "false")));
      var bus = bridgeVertx.eventBus();
      Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, t -> started.add(new long[] {System.nanoTime(),
          t.runId().hashCode()}));
      Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, f -> finished.add(f.runId()));
      Bus.on(bus, Addresses.STT_TRANSCRIPT, SttTranscript.class, t -> transcripts.add(System.nanoTime()));
      Bus.on(bus, Addresses.WAKE_TRIGGER, WakeTrigger.class, t -> triggers.add(System.nanoTime()));
      mic.start();
      Futures.await(BridgeApp.start(bridgeVertx, config, BridgeApp.Mode.VOICE, () -> micInput), TIMEOUT, "the bridge");

      String nodeId = approve(console);
      say(announcements + " announcements each way, alternating...");
      long[] local = new long[announcements];
      long[] viaNode = new long[announcements];
      for (int i = -2; i < announcements; i++) { // two unmeasured rounds warm the engine and the JIT
        String text = SpeechBenchmark.SENTENCES.get(Math.floorMod(i, SpeechBenchmark.SENTENCES.size()));
        long l = announceLocally(bridgeVertx, text);
        long n = announceThroughTheGateway(console, nodeId, text);
        if (i >= 0) {
          local[i] = l;
          viaNode[i] = n;
        }
      }
      say(captures + " push-to-talk turns...");
      long[] transcript = new long[captures];
      long[] answer = new long[captures];
      long[] replySound = new long[captures];
      for (int i = -1; i < captures; i++) {
        long[] r = pushToTalkOnce(console, nodeId, mic, QUESTIONS.get(Math.floorMod(i, QUESTIONS.size())));
        if (i >= 0) {
          transcript[i] = r[0];
          answer[i] = r[1];
          replySound[i] = r[2];
        }
      }
      console.close();
      return new Result(new Percentiles(local), new Percentiles(viaNode), new Percentiles(transcript),
          new Percentiles(answer), new Percentiles(replySound));
    } finally {
      mic.interrupt();
      Futures.await(bridgeVertx.close(), TIMEOUT, "the bridge to stop");
      if (gateway != null) {
        gateway.stop();
      }
      Futures.await(harness.close(), TIMEOUT, "the harness to stop");
    }
  }

  /** Approves the node's commands as the owner would (openclaw nodes pending, openclaw nodes approve). */
  private String approve(RawGatewayClient console) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonObject pending = Futures.await(console.request("node.pair.list", new JsonObject()), TIMEOUT, "node.pair.list")
          .getJsonArray("pending").stream().map(o -> (JsonObject) o)
          .filter(r -> NAME.equals(r.getString("displayName"))).findFirst().orElse(null);
      if (pending != null) {
        Futures.await(console.request("node.pair.approve", new JsonObject().put("requestId",
            pending.getString("requestId"))), TIMEOUT, "node.pair.approve");
        return pending.getString("nodeId");
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the bridge's node never asked to be approved");
  }

  private long announceLocally(Vertx bridge, String text) throws InterruptedException {
    started.clear();
    long t0 = System.nanoTime();
    AnnounceAccepted a = Futures.await(Bus.request(bridge.eventBus(), Addresses.SPEECH_ANNOUNCE,
        new Announce(UUID.randomUUID().toString(), text), AnnounceAccepted.class), TIMEOUT, "speech.announce");
    long first = firstAudio();
    awaitFinished(a.runId());
    return first - t0;
  }

  private long announceThroughTheGateway(RawGatewayClient console, String nodeId, String text)
      throws InterruptedException {
    started.clear();
    finished.clear();
    long t0 = System.nanoTime();
    JsonObject answer = Futures.await(invoke(console, nodeId, "system.notify", new JsonObject().put("body", text)),
        TIMEOUT, "system.notify");
    if (!"spoken".equals(answer.getJsonObject("payload", new JsonObject()).getString("status"))) {
      throw new IllegalStateException("the announcement was not spoken: " + answer.encode());
    }
    return firstAudio() - t0;
  }

  /** {end of words → transcript, end of words → invoke answer, end of words → first sound of the reply}. */
  private long[] pushToTalkOnce(RawGatewayClient console, String nodeId, LiveMicrophone mic, String question)
      throws InterruptedException {
    triggers.clear();
    transcripts.clear();
    Future<JsonObject> once = invoke(console, nodeId, "talk.ptt.once", new JsonObject());
    triggers.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    started.clear();
    long endOfWords = mic.say(new SpeechTrack().say(question).samples());
    JsonObject answer = Futures.await(once, TIMEOUT, "talk.ptt.once");
    long answered = System.nanoTime();
    Long transcribed = transcripts.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    String status = answer.getJsonObject("payload", new JsonObject()).getString("status");
    if (transcribed == null || !"queued".equals(status)) {
      throw new IllegalStateException("push-to-talk did not take the turn: " + answer.encode());
    }
    long reply = firstAudio();
    Thread.sleep(1500); // the short reply plays out before the next capture
    return new long[] {transcribed - endOfWords, answered - endOfWords, reply - endOfWords};
  }

  private Future<JsonObject> invoke(RawGatewayClient console, String nodeId, String command, JsonObject params) {
    return console.request("node.invoke", new JsonObject().put("nodeId", nodeId).put("command", command)
        .put("params", params).put("idempotencyKey", UUID.randomUUID().toString()).put("timeoutMs", 30_000));
  }

  private long firstAudio() throws InterruptedException {
    long[] s = started.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (s == null) {
      throw new IllegalStateException("nothing was spoken within " + TIMEOUT.toSeconds() + " s");
    }
    return s[0];
  }

  private void awaitFinished(String runId) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String f = finished.poll(1, TimeUnit.SECONDS);
      if (runId.equals(f)) {
        return;
      }
    }
    throw new IllegalStateException("announcement " + runId + " never finished");
  }

  private void say(String line) {
    log.println(line);
    log.flush();
  }
}
