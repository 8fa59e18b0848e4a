package dev.voicebridge.bench;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.base.Futures;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.bus.TimingMessages.TurnTiming;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.GatewayFrame;
import dev.voicebridge.gateway.GatewaySettings;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The whole loop as the user lives it, with a real OpenClaw gateway and an instant mock model: a spoken
 * question goes into the bridge's microphone in real time (stdin capture, echo canceller on), is ended by the
 * listener, transcribed by Vosk, stored, sent with chat.send, answered, filtered and spoken by espeak-ng to a
 * null speaker. Measured from the end of the words (the moment the microphone handed over their last sample)
 * to the reply's first audio at the speaker.
 *
 * <p>The baseline, in the same run and alternating turn by turn: a raw WebSocket client's {@code chat.send} to
 * the first delta of its run on the same gateway — the gateway's own time to answer, which no client can
 * beat. The bridge's share of a turn is its total minus the neighbouring raw turn's time. Each stage comes
 * from the bridge's own {@code turn.timing} message for the turn, so the benchmark also proves that message.
 */
public final class LoopBenchmark {

  /** Stages of turn.timing, in order, with what a person would call them. */
  public static final Map<String, Function<TurnTiming, Long>> STAGES = stages();

  /** The figures (nanoseconds). {@code stages}: cumulative from the end of the speech, as turn.timing says. */
  public record Result(int turns, Percentiles rawFirstDelta, Percentiles endOfWordsToSound, Percentiles bridgeShare,
      Percentiles shareAfterDecision, Percentiles speechEndError, Map<String, Percentiles> stages) {

    public JsonObject toJson() {
      JsonObject s = new JsonObject();
      stages.forEach((k, v) -> s.put(k, json(v)));
      return new JsonObject().put("turns", turns).put("rawChatSendToFirstDelta", json(rawFirstDelta))
          .put("endOfWordsToFirstAudio", json(endOfWordsToSound)).put("bridgeShare", json(bridgeShare))
          .put("bridgeShareAfterEndOfTurn", json(shareAfterDecision))
          .put("speechEndEstimateMinusTrue", json(speechEndError)).put("stagesFromSpeechEnd", s);
    }

    private static JsonObject json(Percentiles p) {
      return p.toJson().put("p95Ms", Math.round(p.millis(95) * 1000) / 1000.0);
    }
  }

  private static final String RAW_SESSION = "bench-loop-raw";
  private static final String SESSION = "bench-loop";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String REPLY = "It is half past twelve. Anything else?";
  static final List<String> QUESTIONS = List.of("what time is it", "turn on the kitchen light",
      "what is the weather tomorrow", "set a timer for ten minutes", "play some music in the living room",
      "how long is my commute today");

  private final int turns;
  private final PrintWriter log;
  private final BlockingQueue<TurnTiming> timings = new LinkedBlockingQueue<>();
  private final BlockingQueue<long[]> started = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
  private final Map<String, Long> rawDeltas = new ConcurrentHashMap<>();
  private final Map<String, Promise<Void>> rawFinals = new ConcurrentHashMap<>();

  public LoopBenchmark(int turns, PrintWriter log) {
    this.turns = turns;
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
      model.otherwise(MockModel.Text.of(REPLY));
      String token = "bench-" + UUID.randomUUID();
      say("starting the OpenClaw gateway " + OpenClawGateway.VERSION + " (about 15 s)...");
      gateway = OpenClawGateway.start(work.resolve("gateway"), token, model.baseUrl());
      gateway.awaitReady(harness, TIMEOUT);
      GatewaySettings rawSettings = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.url",
          gateway.url(), "gateway.token", token)));
      RawGatewayClient raw = Futures.await(RawGatewayClient.connect(harness, rawSettings, DeviceIdentity.generate()),
          TIMEOUT, "the raw client");
      raw.onEvent(this::observe);

      BridgeConfig config = BridgeConfig.defaults().with(Map.ofEntries(
          Map.entry("store.path", work.resolve("bridge.db").toString()),
          Map.entry("gateway.identityDir", work.resolve("identity").toString()),
          Map.entry("gateway.url", gateway.url()), Map.entry("gateway.token", token),
          Map.entry("gateway.sessionKey", SESSION), Map.entry("node.enabled", "false"),
          Map.entry("wake.engine", "none"), Map.entry("wake.pushToTalk", "true"),
          Map.entry("audio.input.source", "stdin"), Map.entry("audio.output.sink", "null"),
          // the microphone paces itself, as a live source does: the bridge must not pace it again (a backlog
          // from start-up would then stay for good)
          Map.entry("audio.input.realtime", "false"), Map.entry("http.enabled", "false")));
      var bus = bridgeVertx.eventBus();
      Bus.on(bus, Addresses.TURN_TIMING, TurnTiming.class, timings::add);
      Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, t -> started.add(new long[] {System.nanoTime()}));
      Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, f -> finished.add(f.runId()));
      BridgeClock clock = new BridgeClock(bridgeVertx, TIMEOUT);
      mic.start();
      Futures.await(BridgeApp.start(bridgeVertx, config, BridgeApp.Mode.VOICE, () -> micInput), TIMEOUT, "the bridge");
      clock.awaitConnected();

      String[][] voices = WakeAccuracy.voices();
      List<short[]> spoken = new ArrayList<>();
      for (int i = 0; i < QUESTIONS.size(); i++) {
        String[] v = voices[i % voices.length];
        spoken.add(SpeechSynth.speak(QUESTIONS.get(i), v[0], Integer.parseInt(v[1]), Integer.parseInt(v[2])));
      }
      say(turns + " turns, alternating a raw client's chat.send and a spoken question (2 unmeasured first)...");
      long[] rawFirst = new long[turns];
      long[] total = new long[turns];
      long[] share = new long[turns];
      long[] afterDecision = new long[turns];
      long[] endError = new long[turns];
      Map<String, long[]> stages = new LinkedHashMap<>();
      STAGES.keySet().forEach(k -> stages.put(k, new long[turns]));
      for (int i = -2; i < turns; i++) {
        Thread.sleep(1000);
        long r = rawTurn(raw, "question " + i);
        Thread.sleep(1000);
        int q = Math.floorMod(i, spoken.size());
        Measured m = spokenTurn(bridgeVertx, mic, spoken.get(q), QUESTIONS.get(q));
        if (i < 0) {
          continue;
        }
        rawFirst[i] = r;
        total[i] = m.endOfWordsToSound();
        share[i] = m.endOfWordsToSound() - r;
        endError[i] = m.speechEndError();
        // what the bridge adds once it has decided the turn is over: the pause it waits is a choice (see
        // bench endpointing), the rest is work
        afterDecision[i] = share[i] - m.speechEndError() - TimeUnit.MILLISECONDS.toNanos(m.timing().endOfTurnMs());
        for (var e : STAGES.entrySet()) {
          Long ms = e.getValue().apply(m.timing());
          stages.get(e.getKey())[i] = ms == null ? -1 : TimeUnit.MILLISECONDS.toNanos(ms);
        }
        TurnTiming t = m.timing();
        say(String.format("  turn %2d: raw %4d ms | bridge %4d ms: end of turn %d, transcript %d, accepted %d, "
            + "first delta %d, first sentence %d, first audio %d (from the speech end it placed %d ms late)", i + 1,
            r / 1_000_000, m.endOfWordsToSound() / 1_000_000, t.endOfTurnMs(), t.transcriptMs(), t.acceptedMs(),
            t.firstDeltaMs(), t.firstSentenceMs(), t.firstAudioMs(), m.speechEndError() / 1_000_000));
      }
      raw.close();
      Map<String, Percentiles> stagePercentiles = new LinkedHashMap<>();
      stages.forEach((k, v) -> stagePercentiles.put(k, new Percentiles(Arrays.stream(v).filter(x -> x >= 0).toArray())));
      return new Result(turns, new Percentiles(rawFirst), new Percentiles(total), new Percentiles(share),
          new Percentiles(afterDecision), new Percentiles(endError), stagePercentiles);
    } finally {
      mic.interrupt();
      Futures.await(bridgeVertx.close(), TIMEOUT, "the bridge to stop");
      if (gateway != null) {
        gateway.stop();
      }
      Futures.await(harness.close(), TIMEOUT, "the harness to stop");
    }
  }

  private record Measured(long endOfWordsToSound, long speechEndError, TurnTiming timing) {
  }

  /** Push-to-talk, then the question in real time; waits for the reply to be spoken to its end. */
  private Measured spokenTurn(Vertx bridge, LiveMicrophone mic, short[] question, String text)
      throws InterruptedException {
    timings.clear();
    started.clear();
    finished.clear();
    Bus.publish(bridge.eventBus(), Addresses.WAKE_TRIGGER, new WakeTrigger("bench"));
    Thread.sleep(300);
    long endOfWords = mic.say(question);
    long[] sound = started.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    TurnTiming timing = timings.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (sound == null || timing == null || !"spoken".equals(timing.outcome())) {
      throw new IllegalStateException("\"" + text + "\" was not answered aloud: " + timing);
    }
    String done = finished.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (done == null) {
      throw new IllegalStateException("the reply to \"" + text + "\" never finished");
    }
    long total = sound[0] - endOfWords;
    // turn.timing's first audio is counted from where the bridge placed the end of speech: the difference
    // from the true end is how far off that estimate is (positive: the bridge placed it later).
    long estimateError = total - TimeUnit.MILLISECONDS.toNanos(timing.firstAudioMs());
    return new Measured(total, estimateError, timing);
  }

  /** chat.send on the raw connection → the first delta of its run, in nanoseconds; waits for the final. */
  private long rawTurn(RawGatewayClient raw, String text) {
    String key = UUID.randomUUID().toString();
    Promise<Void> fin = Promise.promise();
    rawFinals.put(key, fin);
    long t0 = System.nanoTime();
    Futures.await(raw.request("chat.send", new JsonObject().put("sessionKey", RAW_SESSION).put("message", text)
        .put("idempotencyKey", key)), TIMEOUT, "the raw client's chat.send");
    Futures.await(fin.future(), TIMEOUT, "the raw run's final");
    Long first = rawDeltas.remove(key);
    if (first == null) {
      throw new IllegalStateException("the raw run " + key + " ended without a delta");
    }
    return first - t0;
  }

  private void observe(GatewayFrame.Event e) {
    if (!"chat".equals(e.name())) {
      return;
    }
    String runId = e.payload().getString("runId");
    String state = e.payload().getString("state");
    if (runId == null) {
      return;
    }
    if ("delta".equals(state)) {
      rawDeltas.putIfAbsent(runId, System.nanoTime());
    } else if ("final".equals(state) || "error".equals(state) || "aborted".equals(state)) {
      Promise<Void> p = rawFinals.remove(runId);
      if (p != null) {
        p.tryComplete();
      }
    }
  }

  private static Map<String, Function<TurnTiming, Long>> stages() {
    Map<String, Function<TurnTiming, Long>> m = new LinkedHashMap<>();
    m.put("endOfTurn", TurnTiming::endOfTurnMs);
    m.put("transcript", TurnTiming::transcriptMs);
    m.put("committed", TurnTiming::committedMs);
    m.put("accepted", TurnTiming::acceptedMs);
    m.put("firstDelta", TurnTiming::firstDeltaMs);
    m.put("firstSentence", TurnTiming::firstSentenceMs);
    m.put("firstAudio", TurnTiming::firstAudioMs);
    return m;
  }

  private void say(String line) {
    log.println(line);
    log.flush();
  }
}
