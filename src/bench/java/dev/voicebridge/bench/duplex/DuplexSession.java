package dev.voicebridge.bench.duplex;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.bench.SpeechSynth;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.bench.room.RoomSimulator;
import dev.voicebridge.bench.room.SpeakerOutput;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.EchoStatus;
import dev.voicebridge.bus.SpeechInMessages.EchoStatusRequest;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.base.Futures;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One duplex run: the whole bridge (voice mode, the real gateway) in a {@link RoomSimulator} whose
 * microphone stream is the bridge's stdin, the user following a {@link DuplexScript}. Returns what a
 * person in the room would notice ({@link DuplexAnalysis}) and the echo canceller's own account.
 */
public final class DuplexSession {

  /**
   * The figures, the echo canceller's status at the end, and how many seconds the speaker played while
   * other clients' runs streamed on the same gateway (the bridge idle: it should be none).
   */
  public record Outcome(DuplexAnalysis.Figures figures, EchoStatus echo, double otherClientsHeardSeconds,
      List<String> notes, int repliesSpokenToTheEnd, List<String> cues) {
  }

  private final BridgeConfig config;
  private final PrintWriter log;

  /** @param config the bridge's configuration for the run (gateway, store, output sink, stdin input) */
  public DuplexSession(BridgeConfig config, PrintWriter log) {
    this.config = config;
    this.log = log;
  }

  /**
   * Another client (the user's phone) chats on the same gateway while the bridge is idle, once in the
   * bridge's own session and once in another: none of it may come out of the speaker. Returns the seconds
   * the speaker played meanwhile.
   */
  /**
   * From {@code planned} on, a moment the speaker is heard, {@code intoMs} after it was first heard again
   * (a random point of a sentence, not its first word: a slowly streamed reply pauses between sentences for
   * a second or more, and talking into such a pause is not talking over the bridge). Gives up waiting for
   * the speaker 8 s after the planned moment.
   */
  private static long whileSpeaking(RoomSimulator sim, long planned, int intoMs) throws InterruptedException {
    long lead = PcmSamples.msToSamples(100);
    while (sim.position() < planned - lead && sim.failure() == null) {
      Thread.sleep(10);
    }
    long deadline = planned + PcmSamples.msToSamples(8000);
    while (sim.position() < deadline && sim.failure() == null && sim.recording().recentSpeakerDb(60) < -45) {
      Thread.sleep(10);
    }
    return Math.max(planned, sim.position() + lead + PcmSamples.msToSamples(intoMs));
  }

  private double otherClients(Vertx vertx, RoomSimulator sim, Observations seen, List<String> notes) throws Exception {
    long idleBy = System.nanoTime() + 60_000_000_000L;
    // Idle means nothing of its own to come: a stray turn the bridge took from its own voice (tolerated
    // now and then) is answered and spoken in full first, or its reply would count as another client's.
    while ((seen.speaking() || seen.awaitingReply()) && System.nanoTime() < idleBy) {
      Thread.sleep(100);
    }
    Thread.sleep(500);
    long from = sim.position() + sim.speakerDelaySamples();
    var settings = dev.voicebridge.gateway.GatewaySettings.from(config);
    var other = Futures.await(dev.voicebridge.bench.RawGatewayClient.connect(vertx, settings,
        dev.voicebridge.gateway.DeviceIdentity.generate()));
    java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(2);
    java.util.Set<String> runs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    other.onEvent(e -> {
      Object state = e.payload().getValue("state");
      if ("chat".equals(e.name()) && runs.contains(e.payload().getString("runId"))
          && ("final".equals(state) || "error".equals(state) || "aborted".equals(state))) {
        ended.countDown();
      }
    });
    try {
      for (String key : List.of(config.string("gateway.sessionKey"), config.string("gateway.sessionKey") + "-office")) {
        io.vertx.core.json.JsonObject ack = Futures.await(other.request("chat.send", new io.vertx.core.json.JsonObject()
            .put("sessionKey", key).put("message", "a question typed on the phone")
            .put("idempotencyKey", java.util.UUID.randomUUID().toString())));
        runs.add(ack.getString("runId"));
      }
      if (!ended.await(60, TimeUnit.SECONDS)) {
        notes.add("the other client's runs did not end within 60 s");
      }
      Thread.sleep(1500); // anything the bridge would wrongly say would have started by now
    } finally {
      Futures.await(other.close());
    }
    long to = sim.position();
    float[] speaker = sim.recording().speaker();
    return DuplexAnalysis.playbackSeconds(java.util.Arrays.copyOfRange(speaker, (int) Math.min(from, speaker.length),
        (int) Math.min(to, speaker.length)));
  }

  /** The level (dBFS, active speech) of what the bridge's synthesiser says, for the room's echo gain. */
  public static double synthesiserLevelDbfs(BridgeConfig config) {
    short[] s = SpeechSynth.speak(DuplexScript.REPLY.substring(0, 200), config.string("tts.espeak.voice"),
        config.integer("tts.espeak.rate"), config.integer("tts.espeak.pitch"));
    double sum = 0;
    int n = 0;
    for (short v : s) {
      if (Math.abs(v) > 64) {
        sum += (double) v * v;
        n++;
      }
    }
    return 10 * Math.log10(sum / Math.max(1, n)) - 20 * Math.log10(32768);
  }

  /**
   * Runs the script in {@code room}; {@code speakerFor} builds the speaker output from the bridge's bus (the
   * tap model needs it; the PulseAudio monitor does not).
   */
  public Outcome run(RoomSimulator.Room room, Function<EventBus, SpeakerOutput> speakerFor, double referenceDbfs,
      DuplexScript script, java.nio.file.Path recordings) throws Exception {
    PipedInputStream stdin = new PipedInputStream(1 << 18);
    PipedOutputStream mic = new PipedOutputStream(stdin);
    Vertx vertx = BridgeVertx.create();
    Observations seen = new Observations(vertx.eventBus());
    BridgeApp app = null;
    RoomSimulator sim = null;
    List<String> notes = new ArrayList<>();
    try {
      app = Futures.await(BridgeApp.start(vertx, config, BridgeApp.Mode.VOICE, () -> stdin));
      if (!seen.awaitConnected(60)) {
        throw new IllegalStateException("the bridge did not connect to the gateway");
      }
      sim = new RoomSimulator(room, speakerFor.apply(vertx.eventBus()), referenceDbfs, mic, script.seed());
      sim.start();
      Thread.sleep(2000); // the room settles (the speaker path's timing) before anyone speaks
      Random random = new Random(script.seed());
      List<RoomSimulator.Utterance> bargeIns = new ArrayList<>();
      String[] v0 = DuplexScript.VOICES[0];
      SpeechTrack first = new SpeechTrack().say(DuplexScript.WAKE, v0[0], Integer.parseInt(v0[1]), Integer.parseInt(v0[2]))
          .silence(400).say(DuplexScript.FIRST_QUESTION, v0[0], Integer.parseInt(v0[1]), Integer.parseInt(v0[2]));
      sim.say(DuplexScript.WAKE + " " + DuplexScript.FIRST_QUESTION, first.samples(), sim.position()
          + PcmSamples.msToSamples(800));
      Observations.Timed<TtsStarted> reply = seen.started.poll(60, TimeUnit.SECONDS);
      if (reply == null) {
        notes.add("no reply to the first question");
      }
      // The user talks over each reply at a random moment; when a barge-in did not stop the bridge (no new
      // reply comes), the next one goes over the reply that is still playing.
      long replyAt = reply == null ? -1 : sim.sampleAt(reply.nanos());
      for (int k = 0; replyAt >= 0 && k < script.bargeIns(); k++) {
        String[] voice = DuplexScript.VOICES[(k + 1) % DuplexScript.VOICES.length];
        String text = DuplexScript.BARGE_INS.get(k % DuplexScript.BARGE_INS.size());
        short[] speech = SpeechSynth.speak(text, voice[0], Integer.parseInt(voice[1]), Integer.parseInt(voice[2]));
        long at = whileSpeaking(sim, Math.max(sim.position() + PcmSamples.msToSamples(100), replyAt
            + PcmSamples.msToSamples(2500 + random.nextInt(3000))), random.nextInt(1200));
        RoomSimulator.Utterance u = sim.say(text, speech, at);
        bargeIns.add(u);
        log.printf("  barge-in %d: \"%s\" at %.2f s%n", k + 1, text, at / 16000.0);
        log.flush();
        seen.started.clear();
        reply = seen.started.poll(25, TimeUnit.SECONDS);
        if (reply != null) {
          replyAt = sim.sampleAt(reply.nanos());
        } else if (seen.speaking()) {
          notes.add("barge-in " + (k + 1) + " did not stop the bridge");
          replyAt = u.endSample();
        } else {
          notes.add("no reply after barge-in " + (k + 1));
          replyAt = -1;
        }
      }
      if (sim.failure() != null) {
        throw sim.failure();
      }
      long quietUntil = System.nanoTime() + (long) (script.quietSeconds() * 1e9);
      while (System.nanoTime() < quietUntil && sim.failure() == null) {
        Thread.sleep(100);
      }
      double othersHeard = otherClients(vertx, sim, seen, notes);
      EchoStatus echo = Futures.await(Bus.request(vertx.eventBus(), Addresses.AEC_STATUS, new EchoStatusRequest(),
          EchoStatus.class));
      sim.close();
      if (!sim.speakerProblems().isEmpty()) {
        notes.add(sim.speakerProblems());
      }
      RoomSimulator s = sim;
      float[] reported = seen.reportedPlayback(s::sampleAt, sim.recording().speaker().length);
      double unheard = DuplexAnalysis.unheardSeconds(reported, sim.recording().speaker(), sim.speakerDelaySamples());
      if (unheard >= 0.5) {
        notes.add(String.format("the speaker did not play %.1f s of what the bridge reported playing", unheard));
      }
      DuplexAnalysis.Figures figures = DuplexAnalysis.of(sim.recording(), sim.utterances(), bargeIns, seen,
          s::sampleAt, seen.cleaned(), sim.speakerDelaySamples());
      if (recordings != null) {
        RoomSimulator.Recording r = sim.recording();
        Wav.write(recordings.resolve("mic.wav"), r.mic());
        Wav.write(recordings.resolve("cleaned.wav"), seen.cleaned());
        Wav.write(recordings.resolve("speaker.wav"), r.speaker());
        Wav.write(recordings.resolve("user.wav"), r.user());
        Wav.write(recordings.resolve("echo.wav"), r.echo());
        Wav.write(recordings.resolve("reported.wav"), reported);
      }
      return new Outcome(figures, echo, othersHeard, notes, seen.snapshot(seen.finished).size(),
          seen.snapshot(seen.cues));
    } finally {
      if (sim != null) {
        sim.close();
      }
      try {
        mic.close();
      } catch (IOException ignored) {
        // closed with the simulator
      }
      Futures.await(BridgeApp.shutdown(vertx, app));
    }
  }
}
