package dev.voicebridge.bench;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.wake.WakeWordDetector;
import dev.voicebridge.wake.WakeWordSpotter;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * How well a wake-word engine tells a call from talk, on a corpus the project generates (espeak-ng voices,
 * {@code wake/corpus.tsv}): the share of spoken calls it wakes on, its false wakes per hour of ordinary
 * speech (the whole plain-talk set of the corpus plus the benchmark's assistant sentences, in every voice),
 * and how many near misses ("hey commuter", "he said the computer was broken") it takes for the trigger.
 * Each set is one continuous stream through one detector, as the bridge listens: clips with a second of
 * silence between them (calls: longer than the engine's refractory time, or a call right after another
 * would be missed by design, not by the engine); a call counts when a detection falls within it or the
 * second after it. Hours of talk count the speech only, not the silence between sentences.
 */
public final class WakeAccuracy {

  /** espeak-ng voices, speeds (words per minute) and pitches of the corpus's speakers. */
  static final String[][] VOICES = {
      {"en-us", "165", "50"}, {"en-gb-x-rp", "150", "40"}, {"en-gb-scotland", "170", "45"},
      {"en-us+f3", "160", "65"}, {"en-029", "175", "55"}};
  public static final int VOICE_COUNT = VOICES.length;

  /** The corpus's speakers (voice, words per minute, pitch), for other corpora spoken by the same voices. */
  public static String[][] voices() {
    String[][] copy = new String[VOICES.length][];
    for (int i = 0; i < VOICES.length; i++) {
      copy[i] = VOICES[i].clone();
    }
    return copy;
  }

  public record Result(String engine, String trigger, int calls, int detected, double talkSeconds,
      int falseWakes, int nearMisses, int nearAccepted, double cpuShare) {

    public double detectionRate() {
      return calls == 0 ? 0 : detected / (double) calls;
    }

    public double falseWakesPerHour() {
      return talkSeconds == 0 ? 0 : falseWakes * 3600 / talkSeconds;
    }

    /**
     * The most false wakes an hour that are still likely (95 %) to have given no more than those seen: the
     * exact Poisson upper bound. Zero in 20 minutes is not "zero an hour"; it is "at most 9 an hour".
     */
    public double falseWakesPerHourUpper95() {
      return talkSeconds == 0 ? Double.POSITIVE_INFINITY : poissonUpper95(falseWakes) * 3600 / talkSeconds;
    }

    public JsonObject toJson() {
      return new JsonObject().put("engine", engine).put("trigger", trigger).put("calls", calls)
          .put("detected", detected).put("detectionRate", Math.round(detectionRate() * 1000) / 1000.0)
          .put("talkSeconds", Math.round(talkSeconds)).put("falseWakes", falseWakes)
          .put("falseWakesPerHour", Math.round(falseWakesPerHour() * 10) / 10.0)
          .put("falseWakesPerHourUpper95", Math.round(falseWakesPerHourUpper95() * 10) / 10.0)
          .put("nearMisses", nearMisses).put("nearAccepted", nearAccepted)
          .put("cpuShare", Math.round(cpuShare * 10000) / 10000.0);
    }
  }

  private record Entry(String kind, String trigger, String text) {
  }

  /** The mean m for which seeing at most {@code k} events has probability 0.05 (bisection; 3.0 for k = 0). */
  static double poissonUpper95(int k) {
    double lo = 0;
    double hi = 10 + 3.0 * k;
    for (int i = 0; i < 100; i++) {
      double m = (lo + hi) / 2;
      double term = Math.exp(-m);
      double atMostK = term;
      for (int j = 1; j <= k; j++) {
        term *= m / j;
        atMostK += term;
      }
      if (atMostK > 0.05) {
        lo = m;
      } else {
        hi = m;
      }
    }
    return (lo + hi) / 2;
  }

  private final PrintWriter progress;
  private final List<Entry> corpus;
  private final int talkRounds;

  /** @param talkRounds how many times the plain talk is spoken in every voice (each time a little differently) */
  public WakeAccuracy(PrintWriter progress, int talkRounds) {
    this.progress = progress;
    this.corpus = readCorpus();
    this.talkRounds = talkRounds;
  }

  /** Measures the engine {@code detectors} makes, listening for {@code trigger} (as spoken words). */
  public Result measure(String engine, String trigger, Supplier<WakeWordDetector> detectors, double threshold,
      int refractoryMs) {
    progress.printf("wake accuracy: %s (\"%s\") ...%n", engine, trigger);
    Listening listening = new Listening(detectors, threshold, refractoryMs);
    List<String> calls = texts("call", trigger).stream().map(t -> t.replace("{trigger}", trigger)).toList();
    int[] callHits = listening.hitsPerClip(speak(calls, 0, Math.max(GAP_MS, refractoryMs + GAP_MS / 2)));
    List<String> talk = new ArrayList<>(texts("talk", trigger));
    talk.addAll(SpeechBenchmark.SENTENCES);
    int falseWakes = 0;
    double talkSeconds = 0;
    for (int round = 0; round < talkRounds; round++) {
      Recording r = speak(talk, round, GAP_MS);
      falseWakes += Arrays.stream(listening.hitsPerClip(r)).sum();
      talkSeconds += r.speechSeconds();
    }
    int[] nearHits = listening.hitsPerClip(speak(texts("near", trigger), 0, GAP_MS));
    return new Result(engine, trigger, callHits.length, clipsWithAHit(callHits), talkSeconds, falseWakes,
        nearHits.length, clipsWithAHit(nearHits), listening.cpuShare());
  }

  private List<String> texts(String kind, String trigger) {
    return corpus.stream().filter(e -> e.kind().equals(kind) && (e.trigger().equals("*") || e.trigger().equals(trigger)))
        .map(Entry::text).toList();
  }

  private static int clipsWithAHit(int[] hits) {
    return (int) Arrays.stream(hits).filter(h -> h > 0).count();
  }

  /** Each round of talk a little faster or slower (words per minute), then, every four rounds, higher. */
  private static final int[] SPEED_STEPS = {0, 12, -12, 24};

  /** Silence between the clips of a stream. */
  private static final int GAP_MS = 1000;

  /** Clips in one stream: every text in every voice, each followed by {@code gapMs} of silence. */
  private record Recording(short[] pcm, List<SpeechTrack.Part> clips) {
    double seconds() {
      return pcm.length / (double) PcmSamples.RATE;
    }

    double speechSeconds() {
      return clips.stream().mapToLong(c -> c.endSample() - c.startSample()).sum() / (double) PcmSamples.RATE;
    }
  }

  private static Recording speak(List<String> texts, int round, int gapMs) {
    SpeechTrack track = new SpeechTrack().silence(gapMs);
    for (String[] v : VOICES) {
      for (String text : texts) {
        track.say(text, v[0], Integer.parseInt(v[1]) + SPEED_STEPS[round % SPEED_STEPS.length],
            Math.min(99, Integer.parseInt(v[2]) + 7 * (round / SPEED_STEPS.length))).silence(gapMs);
      }
    }
    return new Recording(track.samples(), track.parts());
  }

  /** One engine listening to recordings, each through a new detector, on this thread; keeps its CPU time. */
  private static final class Listening {
    private final Supplier<WakeWordDetector> detectors;
    private final double threshold;
    private final int refractoryMs;
    private long cpuNanos;
    private double audioSeconds;

    Listening(Supplier<WakeWordDetector> detectors, double threshold, int refractoryMs) {
      this.detectors = detectors;
      this.threshold = threshold;
      this.refractoryMs = refractoryMs;
    }

    /** Detections per clip (a detection up to a second after a clip belongs to it). */
    int[] hitsPerClip(Recording r) {
      long t0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      List<WakeWordSpotter.Detection> found;
      try (WakeWordDetector d = detectors.get()) {
        found = WakeWordSpotter.scan(d, r.pcm(), threshold, refractoryMs);
      }
      cpuNanos += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - t0;
      audioSeconds += r.seconds();
      int[] hits = new int[r.clips().size()];
      for (WakeWordSpotter.Detection d : found) {
        for (int i = 0; i < hits.length; i++) {
          SpeechTrack.Part clip = r.clips().get(i);
          if (d.atSample() >= clip.startSample() && d.atSample() <= clip.endSample() + PcmSamples.RATE) {
            hits[i]++;
            break;
          }
        }
      }
      return hits;
    }

    double cpuShare() {
      return cpuNanos / 1e9 / audioSeconds;
    }
  }

  private static List<Entry> readCorpus() {
    return CorpusFile.rows("wake/corpus.tsv").stream().map(f -> new Entry(f[0], f[1], f[2].strip())).toList();
  }

}
