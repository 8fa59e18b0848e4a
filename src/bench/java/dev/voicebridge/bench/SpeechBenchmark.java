package dev.voicebridge.bench;

import dev.voicebridge.audio.AudioSink;
import dev.voicebridge.audio.NullSink;
import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.filter.ReplyFilter;
import dev.voicebridge.tts.SpeechPipeline;
import dev.voicebridge.tts.Synthesizer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Speech-out figures, each against a baseline measured in the same run:
 * <ul>
 *   <li>first audio: from the delta that completes a sentence (fed to the filter) to the first PCM block
 *       handed to the sink, through the real filter, pipeline and engine; per engine, p50/p99;
 *   <li>filter throughput: a long markdown reply streamed in small deltas through the filter, against a
 *       pass-through copy of the same deltas;
 *   <li>barge-in: from {@code stop()} to the last PCM handed to a real-time sink, while a long sentence plays.
 * </ul>
 */
public final class SpeechBenchmark {

  /** Fifteen-word sentences, as an assistant would say them. */
  public static final List<String> SENTENCES = List.of(
      "The weather in Lisbon will stay sunny and warm for the rest of this week.",
      "Your next meeting starts at half past two in the small room on the third floor.",
      "I added milk, eggs, and fresh bread to the shopping list you keep on your phone.",
      "The train to Amsterdam leaves from platform nine in about twenty minutes from now, on time.",
      "Remember to water the tomatoes tonight, because tomorrow is going to be very hot and dry.",
      "The package from the bookshop was delivered this morning and left with your friendly neighbour.",
      "Traffic on the ring road is heavy, so leaving ten minutes early would be a good idea.",
      "Your sister called while you were out and asked you to ring her back this evening.",
      "The kitchen lights are off now, and the thermostat is set to nineteen degrees for tonight.",
      "Tomorrow starts with a dentist appointment at nine, followed by lunch with Ana at noon sharp.",
      "The library closes early on Fridays, so return the books before four in the afternoon please.",
      "I found three Italian restaurants nearby that are open late and still have tables for two.",
      "Your phone battery is at fifteen percent, so you might want to plug it in soon.",
      "The laundry cycle finished five minutes ago and the clothes are ready to hang up outside.",
      "Sunset today is at eight twelve, which leaves enough time for a long walk by the river.",
      "The recipe needs two cups of flour, one egg, and a pinch of salt, nothing more.",
      "Your flight to Berlin is confirmed for Thursday morning, seat twelve A, next to the window.",
      "The quarterly report is due next Monday, and the finance team still needs your final numbers.",
      "It will rain heavily after six tonight, so take an umbrella if you go out for dinner.",
      "The garage door has been open for an hour, and nobody seems to be in the garden.");

  public record EngineResult(String engine, Percentiles firstAudio) {
  }

  public record Result(List<EngineResult> engines, double filterCharsPerSecond, double copyCharsPerSecond,
      double filterMicrosPerDelta, int deltaChars, Percentiles stopToSilence) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject();
      for (EngineResult e : engines) {
        json.put(e.engine() + "FirstAudioP50Ms", round(e.firstAudio().millis(50)))
            .put(e.engine() + "FirstAudioP99Ms", round(e.firstAudio().millis(99)));
      }
      return json.put("filterCharsPerSecond", Math.round(filterCharsPerSecond))
          .put("copyCharsPerSecond", Math.round(copyCharsPerSecond))
          .put("filterMicrosPerDelta", round(filterMicrosPerDelta))
          .put("deltaChars", deltaChars)
          .put("stopToSilenceP50Ms", round(stopToSilence.millis(50)))
          .put("stopToSilenceP99Ms", round(stopToSilence.millis(99)));
    }

    private static double round(double v) {
      return Math.round(v * 1000) / 1000.0;
    }
  }

  private final FilterSettings filterSettings;
  private final PrintWriter log;

  public SpeechBenchmark(FilterSettings filterSettings, PrintWriter log) {
    this.filterSettings = filterSettings;
    this.log = log;
  }

  // ---- first audio -----------------------------------------------------------------------------------

  /** First-audio latency of one engine over {@code rounds} passes of {@link #SENTENCES}. */
  public EngineResult firstAudio(Synthesizer synthesizer, int rounds) throws InterruptedException {
    FirstWriteSink sink = new FirstWriteSink();
    RunWaiter waiter = new RunWaiter();
    List<Long> samples = new ArrayList<>();
    try (SpeechPipeline pipeline = new SpeechPipeline(synthesizer, sink, waiter)) {
      for (int round = -1; round < rounds; round++) { // round -1 warms the engine and the JIT up
        for (int i = 0; i < SENTENCES.size(); i++) {
          String runId = synthesizer.name() + "-" + round + "-" + i;
          String sentence = SENTENCES.get(i);
          ReplyFilter filter = new ReplyFilter(filterSettings, s -> pipeline.say(runId, 0, s));
          // the reply streams; the sentence is complete when the filter sees what follows its full stop
          filter.append(sentence.substring(0, sentence.length() - 1));
          sink.arm();
          long t0 = System.nanoTime();
          filter.append(". And");
          pipeline.end(runId);
          long first = sink.awaitFirstWrite();
          waiter.await(runId);
          if (round >= 0) {
            samples.add(first - t0);
          }
        }
      }
    }
    return new EngineResult(synthesizer.name(), new Percentiles(samples.stream().mapToLong(Long::longValue).toArray()));
  }

  // ---- filter throughput -----------------------------------------------------------------------------

  /** A long reply mixing everything the filter handles. */
  public static String longReply(int targetChars) {
    String block = """
        ## Morning briefing for **Tuesday**

        Good morning! It's 12 °C in Seattle and it'll reach 17 °C by 3 p.m. Dr. Smith's office moved \
        the appointment to 10:30, i.e. half an hour later. See https://example.com/calendar/event?id=42 for \
        details, or [open the invite](https://calendar.example.com/e/42).

        | Time | Event |
        |------|-------|
        | 09:30 | Standup |
        | 14:00 | Dentist |

        ```python
        def briefing(day):
            return fetch(day).summary()
        ```

        - Buy `oat_milk` and eggs 🥚
        - Call the bank about v2.4.1 of the app...
        - Review the Q3 report — it's approx. 3.5% over budget!

        <think>The user may want the news too.</think>
        > Quote of the day: the only way to do great work is to love what you do.

        """;
    StringBuilder sb = new StringBuilder();
    while (sb.length() < targetChars) {
      sb.append(block);
    }
    return sb.toString();
  }

  /** Chars per second through the filter and through a plain copy, same deltas; micros per delta of the filter. */
  public double[] throughput(String reply, int deltaChars, int rounds) {
    List<String> deltas = new ArrayList<>();
    for (int at = 0; at < reply.length(); at += deltaChars) {
      deltas.add(reply.substring(at, Math.min(reply.length(), at + deltaChars)));
    }
    long filterBest = Long.MAX_VALUE;
    long copyBest = Long.MAX_VALUE;
    int[] sink = new int[1];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      ReplyFilter filter = new ReplyFilter(filterSettings, s -> sink[0] += s.length());
      for (String d : deltas) {
        filter.append(d);
      }
      filter.finish(null);
      filterBest = Math.min(filterBest, System.nanoTime() - t0);

      t0 = System.nanoTime();
      StringBuilder copy = new StringBuilder();
      for (String d : deltas) {
        copy.append(d);
      }
      sink[0] += copy.length();
      copyBest = Math.min(copyBest, System.nanoTime() - t0);
    }
    double filterCps = reply.length() / (filterBest / 1e9);
    double copyCps = reply.length() / (copyBest / 1e9);
    return new double[] {filterCps, copyCps, filterBest / 1e3 / deltas.size()};
  }

  // ---- barge-in --------------------------------------------------------------------------------------

  /** Stop latency: stop() while a long sentence plays in real time, until the sink receives no more PCM. */
  public Percentiles stopToSilence(Synthesizer synthesizer, int trials) throws InterruptedException {
    long[] samples = new long[trials];
    StopWatchSink sink = new StopWatchSink();
    RunWaiter waiter = new RunWaiter();
    try (SpeechPipeline pipeline = new SpeechPipeline(synthesizer, sink, waiter)) {
      for (int i = 0; i < trials; i++) {
        String runId = "stop-" + i;
        sink.arm();
        pipeline.say(runId, 0, SENTENCES.get(i % SENTENCES.size()) + " " + SENTENCES.get((i + 1) % SENTENCES.size()));
        pipeline.end(runId);
        sink.awaitFirstWrite();
        Thread.sleep(150); // well into the sentence
        long stop = System.nanoTime();
        pipeline.stop(runId, "bench");
        Thread.sleep(100);
        samples[i] = Math.max(0, sink.lastWriteEnd() - stop);
      }
    }
    return new Percentiles(samples);
  }

  /** A sink that discards audio and records when the first PCM of each armed sentence arrived. */
  private static class FirstWriteSink implements AudioSink {
    private final NullSink inner;
    private volatile CountDownLatch first = new CountDownLatch(1);
    private volatile long firstAt;

    FirstWriteSink() {
      this(false);
    }

    FirstWriteSink(boolean realTime) {
      inner = new NullSink(realTime);
    }

    void arm() {
      firstAt = 0;
      first = new CountDownLatch(1);
    }

    long awaitFirstWrite() throws InterruptedException {
      if (!first.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("no audio within 30 s");
      }
      return firstAt;
    }

    @Override
    public String describe() {
      return "benchmark sink";
    }

    @Override
    public void begin(PcmFormat format) {
      inner.begin(format);
    }

    @Override
    public void write(byte[] pcm, int off, int len) {
      if (firstAt == 0) {
        firstAt = System.nanoTime();
        first.countDown();
      }
      inner.write(pcm, off, len);
    }

    @Override
    public void drain() {
      inner.drain();
    }

    @Override
    public void abort() {
      inner.abort();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** Real time, and remembers when the last write handed to it returned. */
  private static final class StopWatchSink extends FirstWriteSink {
    private volatile long lastWriteEnd;

    StopWatchSink() {
      super(true);
    }

    @Override
    public void write(byte[] pcm, int off, int len) {
      super.write(pcm, off, len);
      lastWriteEnd = System.nanoTime();
    }

    long lastWriteEnd() {
      return lastWriteEnd;
    }
  }

  /** Lets the benchmark wait for each run's end. */
  private static final class RunWaiter implements SpeechPipeline.Listener {
    private final java.util.Map<String, CountDownLatch> ends = new java.util.concurrent.ConcurrentHashMap<>();

    private CountDownLatch latch(String runId) {
      return ends.computeIfAbsent(runId, k -> new CountDownLatch(1));
    }

    void await(String runId) throws InterruptedException {
      if (!latch(runId).await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("run " + runId + " did not finish");
      }
      ends.remove(runId);
      check();
    }

    @Override
    public void started(String runId) {
    }

    @Override
    public void finished(String runId, int spokenSentences) {
      latch(runId).countDown();
    }

    @Override
    public void interrupted(String runId, int spokenSentences, String reason) {
      latch(runId).countDown();
    }

    private volatile String failure;

    @Override
    public void failed(String runId, int seq, String message) {
      failure = message;
    }

    void check() {
      if (failure != null) {
        throw new IllegalStateException("synthesis failed: " + failure);
      }
    }
  }
}
