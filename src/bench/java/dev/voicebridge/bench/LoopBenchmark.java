package dev.voicebridge.bench;

import dev.voicebridge.base.Futures;
import dev.voicebridge.bus.TimingMessages;
import dev.voicebridge.bus.TimingMessages.TurnTiming;
import dev.voicebridge.gateway.GatewayFrame;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
  public static final Map<String, Function<TurnTiming, Long>> STAGES = TimingMessages.STAGES;

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
  private static final Duration TIMEOUT = VoiceLoop.TIMEOUT;
  private static final String REPLY = "It is half past twelve. Anything else?";

  private final int turns;
  private final PrintWriter log;
  private final Map<String, Long> rawDeltas = new ConcurrentHashMap<>();
  private final Map<String, Promise<Void>> rawFinals = new ConcurrentHashMap<>();

  public LoopBenchmark(int turns, PrintWriter log) {
    this.turns = turns;
    this.log = log;
  }

  public Result run(Path work) throws Exception {
    try (VoiceLoop loop = new VoiceLoop(log)) {
      loop.start(work, REPLY, SESSION);
      RawGatewayClient raw = loop.rawClient();
      raw.onEvent(this::observe);
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
        VoiceLoop.Turn m = loop.spokenTurn(i);
        if (i < 0) {
          continue;
        }
        TurnTiming t = m.timing();
        // turn.timing's first audio is counted from where the bridge placed the end of speech: the difference
        // from the true end is how far off that estimate is (positive: the bridge placed it later)
        long estimateError = m.endOfWordsToSound() - TimeUnit.MILLISECONDS.toNanos(t.firstAudioMs());
        rawFirst[i] = r;
        total[i] = m.endOfWordsToSound();
        share[i] = m.endOfWordsToSound() - r;
        endError[i] = estimateError;
        // what the bridge adds once it has decided the turn is over: the pause it waits is a choice (see
        // bench endpointing), the rest is work
        afterDecision[i] = share[i] - estimateError - TimeUnit.MILLISECONDS.toNanos(t.endOfTurnMs());
        for (var e : STAGES.entrySet()) {
          Long ms = e.getValue().apply(t);
          stages.get(e.getKey())[i] = ms == null ? -1 : TimeUnit.MILLISECONDS.toNanos(ms);
        }
        say(String.format("  turn %2d: raw %4d ms | bridge %4d ms: end of turn %d, transcript %d, accepted %d, "
            + "first delta %d, first sentence %d, first audio %d (from the speech end it placed %d ms late)", i + 1,
            r / 1_000_000, m.endOfWordsToSound() / 1_000_000, t.endOfTurnMs(), t.transcriptMs(), t.acceptedMs(),
            t.firstDeltaMs(), t.firstSentenceMs(), t.firstAudioMs(), estimateError / 1_000_000));
      }
      raw.close();
      Map<String, Percentiles> stagePercentiles = new LinkedHashMap<>();
      stages.forEach((k, v) -> stagePercentiles.put(k, new Percentiles(Arrays.stream(v).filter(x -> x >= 0).toArray())));
      return new Result(turns, new Percentiles(rawFirst), new Percentiles(total), new Percentiles(share),
          new Percentiles(afterDecision), new Percentiles(endError), stagePercentiles);
    }
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

  private void say(String line) {
    log.println(line);
    log.flush();
  }
}
