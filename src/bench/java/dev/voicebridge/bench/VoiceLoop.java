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
import dev.voicebridge.gateway.GatewaySettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The voice loop as a user drives it, for benchmarks: a real OpenClaw gateway with a mock model, the bridge in
 * voice mode in this process with a null speaker, and its stdin microphone fed in real time. A spoken turn is
 * push-to-talk, a question in one of five espeak-ng voices, and the reply played to its end.
 */
final class VoiceLoop implements AutoCloseable {

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final List<String> QUESTIONS = List.of("what time is it", "turn on the kitchen light",
      "what is the weather tomorrow", "set a timer for ten minutes", "play some music in the living room",
      "how long is my commute today");

  /** One turn: end of the words to the first audio (ns), and the bridge's own account of it. */
  record Turn(long endOfWordsToSound, TurnTiming timing) {
  }

  final Vertx harness = Vertx.vertx();
  final Vertx bridge = BridgeVertx.create();
  private final PrintWriter log;
  private final PipedInputStream micInput = new PipedInputStream(20 * 320 * 2);
  private final LiveMicrophone mic;
  private final BlockingQueue<TurnTiming> timings = new LinkedBlockingQueue<>();
  private final BlockingQueue<Long> started = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
  private final List<short[]> spoken = new ArrayList<>();
  private OpenClawGateway gateway;
  private MockModel model;
  private String token;

  VoiceLoop(PrintWriter log) throws IOException {
    this.log = log;
    this.mic = new LiveMicrophone(new PipedOutputStream(micInput));
  }

  /** Starts the mock model answering {@code reply}, the gateway, and the bridge in session {@code sessionKey}. */
  VoiceLoop start(Path work, String reply, String sessionKey) throws InterruptedException {
    model = Futures.await(MockModel.start(harness), TIMEOUT, "the mock model");
    model.otherwise(MockModel.Text.of(reply));
    token = "bench-" + UUID.randomUUID();
    say("starting the OpenClaw gateway " + OpenClawGateway.VERSION + " (about 15 s)...");
    gateway = OpenClawGateway.start(work.resolve("gateway"), token, model.baseUrl());
    gateway.awaitReady(harness, TIMEOUT);
    BridgeConfig config = BridgeConfig.defaults().with(Map.ofEntries(
        Map.entry("store.path", work.resolve("bridge.db").toString()),
        Map.entry("gateway.identityDir", work.resolve("identity").toString()),
        Map.entry("gateway.url", gateway.url()), Map.entry("gateway.token", token),
        Map.entry("gateway.sessionKey", sessionKey), Map.entry("node.enabled", "false"),
        Map.entry("wake.engine", "none"), Map.entry("wake.pushToTalk", "true"),
        Map.entry("audio.input.source", "stdin"), Map.entry("audio.output.sink", "null"),
        // the microphone paces itself, as a live source does: the bridge must not pace it again (a backlog
        // from start-up would then stay for good)
        Map.entry("audio.input.realtime", "false"), Map.entry("http.enabled", "false")));
    var bus = bridge.eventBus();
    Bus.on(bus, Addresses.TURN_TIMING, TurnTiming.class, timings::add);
    Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, t -> started.add(System.nanoTime()));
    Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, f -> finished.add(f.runId()));
    BridgeClock clock = new BridgeClock(bridge, TIMEOUT);
    mic.start();
    Futures.await(BridgeApp.start(bridge, config, BridgeApp.Mode.VOICE, () -> micInput), TIMEOUT, "the bridge");
    clock.awaitConnected();
    String[][] voices = WakeAccuracy.voices();
    for (int i = 0; i < QUESTIONS.size(); i++) {
      String[] v = voices[i % voices.length];
      spoken.add(SpeechSynth.speak(QUESTIONS.get(i), v[0], Integer.parseInt(v[1]), Integer.parseInt(v[2])));
    }
    return this;
  }

  /** A client of the same gateway, for a baseline. */
  RawGatewayClient rawClient() {
    GatewaySettings settings = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.url",
        gateway.url(), "gateway.token", token)));
    return Futures.await(RawGatewayClient.connect(harness, settings, DeviceIdentity.generate()), TIMEOUT,
        "the raw client");
  }

  /** Push-to-talk, question {@code n} (of {@link #QUESTIONS}, round robin) in real time; waits for the reply. */
  Turn spokenTurn(int n) throws InterruptedException {
    int q = Math.floorMod(n, spoken.size());
    timings.clear();
    started.clear();
    finished.clear();
    Bus.publish(bridge.eventBus(), Addresses.WAKE_TRIGGER, new WakeTrigger("bench"));
    Thread.sleep(300);
    long endOfWords = mic.say(spoken.get(q));
    Long sound = started.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    TurnTiming timing = timings.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (sound == null || timing == null || !"spoken".equals(timing.outcome())) {
      throw new IllegalStateException("\"" + QUESTIONS.get(q) + "\" was not answered aloud: " + timing);
    }
    if (finished.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS) == null) {
      throw new IllegalStateException("the reply to \"" + QUESTIONS.get(q) + "\" never finished");
    }
    return new Turn(sound - endOfWords, timing);
  }

  void say(String line) {
    log.println(line);
    log.flush();
  }

  @Override
  public void close() {
    mic.interrupt();
    Futures.await(bridge.close(), TIMEOUT, "the bridge to stop");
    if (gateway != null) {
      gateway.stop();
    }
    Futures.await(harness.close(), TIMEOUT, "the harness to stop");
  }
}
