package dev.voicebridge.bench;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.base.BridgeException;
import dev.voicebridge.wake.WakeWordDetector;
import dev.voicebridge.wake.WakeWordSpotter;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How well a wake-word engine tells a call from talk, on a corpus the project generates (espeak-ng voices,
 * {@code wake/corpus.tsv}): the share of spoken calls it wakes on, its false wakes per hour of ordinary
 * speech (the whole plain-talk set of the corpus plus the benchmark's assistant sentences, in every voice),
 * and how many near misses ("hey commuter", "he said the computer was broken") it takes for the trigger.
 * Each set is one continuous stream through one detector, as the bridge listens: clips with a second of
 * silence between them; a call counts when a detection falls within it or the second after it.
 */
public final class WakeAccuracy {

  /** espeak-ng voices, speeds (words per minute) and pitches of the corpus's speakers. */
  static final String[][] VOICES = {
      {"en-us", "165", "50"}, {"en-gb-x-rp", "150", "40"}, {"en-gb-scotland", "170", "45"},
      {"en-us+f3", "160", "65"}, {"en-029", "175", "55"}};
  public static final int VOICE_COUNT = VOICES.length;

  public record Result(String engine, String trigger, int calls, int detected, double talkSeconds,
      int falseWakes, int nearMisses, int nearAccepted, double cpuShare) {

    public double detectionRate() {
      return calls == 0 ? 0 : detected / (double) calls;
    }

    public double falseWakesPerHour() {
      return talkSeconds == 0 ? 0 : falseWakes * 3600 / talkSeconds;
    }

    public JsonObject toJson() {
      return new JsonObject().put("engine", engine).put("trigger", trigger).put("calls", calls)
          .put("detected", detected).put("detectionRate", Math.round(detectionRate() * 1000) / 1000.0)
          .put("talkSeconds", Math.round(talkSeconds)).put("falseWakes", falseWakes)
          .put("falseWakesPerHour", Math.round(falseWakesPerHour() * 10) / 10.0)
          .put("nearMisses", nearMisses).put("nearAccepted", nearAccepted)
          .put("cpuShare", Math.round(cpuShare * 10000) / 10000.0);
    }
  }

  private record Entry(String kind, String trigger, String text) {
  }

  private final PrintWriter progress;
  private final List<Entry> corpus;
  private final int talkRounds;

  /** @param talkRounds how many times the plain talk is spoken in every voice (each time a little faster) */
  public WakeAccuracy(PrintWriter progress, int talkRounds) {
    this.progress = progress;
    this.corpus = readCorpus();
    this.talkRounds = talkRounds;
  }

  /** Measures the engine {@code detectors} makes, listening for {@code trigger} (as spoken words). */
  public Result measure(String engine, String trigger, Supplier<WakeWordDetector> detectors, double threshold,
      int refractoryMs) {
    progress.printf("wake accuracy: %s (\"%s\") ...%n", engine, trigger);
    long[] cpu = {0};
    double[] audio = {0};
    List<String> calls = texts("call", trigger).stream().map(t -> t.replace("{trigger}", trigger)).toList();
    int[] callHits = score(detectors, threshold, refractoryMs, speak(calls, 0), cpu, audio);
    List<String> talk = new ArrayList<>(texts("talk", trigger));
    talk.addAll(SpeechBenchmark.SENTENCES);
    int falseWakes = 0;
    double talkSeconds = 0;
    for (int round = 0; round < talkRounds; round++) {
      Stream s = speak(talk, round);
      falseWakes += sum(score(detectors, threshold, refractoryMs, s, cpu, audio));
      talkSeconds += s.seconds();
    }
    List<String> near = texts("near", trigger);
    int[] nearHits = score(detectors, threshold, refractoryMs, speak(near, 0), cpu, audio);
    int nearAccepted = (int) java.util.Arrays.stream(nearHits).filter(h -> h > 0).count();
    return new Result(engine, trigger, callHits.length, (int) java.util.Arrays.stream(callHits).filter(h -> h > 0).count(),
        talkSeconds, falseWakes, nearHits.length, nearAccepted, cpu[0] / 1e9 / audio[0]);
  }

  private List<String> texts(String kind, String trigger) {
    return corpus.stream().filter(e -> e.kind().equals(kind) && (e.trigger().equals("*") || e.trigger().equals(trigger)))
        .map(Entry::text).toList();
  }

  /** Clips in one stream: every text in every voice, each followed by a second of silence. */
  private record Stream(short[] pcm, long[] starts, long[] ends) {
    double seconds() {
      return pcm.length / (double) PcmSamples.RATE;
    }
  }

  private static Stream speak(List<String> texts, int round) {
    SpeechTrack track = new SpeechTrack().silence(1000);
    for (String[] v : VOICES) {
      for (String text : texts) {
        track.say(text, v[0], Integer.parseInt(v[1]) + 10 * round, Integer.parseInt(v[2])).silence(1000);
      }
    }
    List<SpeechTrack.Part> parts = track.parts();
    return new Stream(track.samples(), parts.stream().mapToLong(SpeechTrack.Part::startSample).toArray(),
        parts.stream().mapToLong(SpeechTrack.Part::endSample).toArray());
  }

  /** Detections per clip (a detection up to a second after a clip belongs to it). */
  private static int[] score(Supplier<WakeWordDetector> detectors, double threshold, int refractoryMs, Stream s,
      long[] cpu, double[] audio) {
    int[] hits = new int[s.starts().length];
    long t0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    List<WakeWordSpotter.Detection> found;
    try (WakeWordDetector d = detectors.get()) {
      found = WakeWordSpotter.scan(d, s.pcm(), threshold, refractoryMs);
    }
    cpu[0] += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0;
    audio[0] += s.seconds();
    for (WakeWordSpotter.Detection d : found) {
      for (int i = 0; i < hits.length; i++) {
        if (d.atSample() >= s.starts()[i] && d.atSample() <= s.ends()[i] + PcmSamples.RATE) {
          hits[i]++;
          break;
        }
      }
    }
    return hits;
  }

  private static int sum(int[] a) {
    return java.util.Arrays.stream(a).sum();
  }

  private static List<Entry> readCorpus() {
    try (InputStream in = WakeAccuracy.class.getResourceAsStream("/wake/corpus.tsv")) {
      if (in == null) {
        throw new BridgeException("wake/corpus.tsv is missing from the benchmark jar");
      }
      List<Entry> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.add(new Entry(f[0], f[1], f[2].strip()));
      }
      return out;
    } catch (IOException e) {
      throw new BridgeException("cannot read wake/corpus.tsv: " + e.getMessage(), e);
    }
  }
}
