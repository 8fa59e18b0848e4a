package dev.voicebridge.bench;

import dev.voicebridge.base.Futures;
import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.SampleChunker;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.Transcriber;
import dev.voicebridge.stt.Transcribers;
import dev.voicebridge.stt.TranscriptionVerticle;
import dev.voicebridge.vad.EnergyVad;
import dev.voicebridge.vad.SileroVad;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import dev.voicebridge.wake.OpenWakeWordDetector;
import dev.voicebridge.wake.WakeSettings;
import dev.voicebridge.wake.WakeWordDetector;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The speech-in benchmark, all figures from one run on synthetic speech (espeak-ng):
 * <ul>
 *   <li>always-listening cost: CPU time of one thread per second of audio for the energy VAD (the
 *       baseline: framing and a level per block), Silero VAD, openWakeWord, and both together as the
 *       listener runs them;
 *   <li>speech-to-text real-time factor (processing time / audio time) of Vosk and of Whisper on a model
 *       with the tiny architecture (synthetic weights: same computation as the real tiny model);
 *   <li>end of speech to final transcript: the real verticles on real-time input; Vosk has decoded while
 *       the user spoke, Whisper starts when the speech ends.
 * </ul>
 */
public final class ListenBenchmark {

  static final List<String> REQUESTS = List.of(
      "what is the weather tomorrow",
      "turn on the lights in the living room",
      "set a timer for ten minutes",
      "play some music in the kitchen",
      "remind me to call my mother tonight",
      "add milk and bread to the shopping list",
      "what is on my calendar this afternoon",
      "turn off the heating at midnight");

  /** All figures; CPU figures are fractions of one core. */
  public record Result(double audioSeconds, double energyCpu, double sileroCpu, double wakeCpu, double listenerCpu,
      double sttAudioSeconds, double voskRtf, double whisperRtf, int whisperCharacters, int latencyUtterances, double voskLatencyP50,
      double voskLatencyMax, double whisperLatencyP50, double whisperLatencyMax) {

    public JsonObject toJson() {
      return new JsonObject()
          .put("alwaysListening", new JsonObject().put("audioSeconds", round(audioSeconds, 1))
              .put("energyVadCore", round(energyCpu, 4)).put("sileroVadCore", round(sileroCpu, 4))
              .put("openWakeWordCore", round(wakeCpu, 4)).put("listenerCore", round(listenerCpu, 4))
              .put("listenerVsBaseline", round(listenerCpu / energyCpu, 1)))
          .put("realTimeFactor", new JsonObject().put("audioSeconds", round(sttAudioSeconds, 1))
              .put("vosk", round(voskRtf, 3)).put("whisperTinyArchitecture", round(whisperRtf, 3))
              .put("whisperDecodedCharacters", whisperCharacters))
          .put("endOfSpeechToTranscriptMs", new JsonObject().put("utterances", latencyUtterances)
              .put("voskP50", round(voskLatencyP50, 1)).put("voskMax", round(voskLatencyMax, 1))
              .put("whisperP50", round(whisperLatencyP50, 1)).put("whisperMax", round(whisperLatencyMax, 1)));
    }

    private static double round(double v, int digits) {
      double f = Math.pow(10, digits);
      return Math.round(v * f) / f;
    }
  }

  private final BridgeConfig config;
  private final PrintWriter log;
  private final int latencyUtterances;

  public ListenBenchmark(BridgeConfig config, PrintWriter log, int latencyUtterances) {
    this.config = config;
    this.log = log;
    this.latencyUtterances = latencyUtterances;
  }

  public Result run(Path work, Path whisperModel) throws Exception {
    say("synthesising speech with espeak-ng ...");
    SpeechTrack room = new SpeechTrack();
    for (int round = 0; round < 3; round++) {
      room.silence(6000);
      for (int i = 0; i < 4; i++) {
        room.say(REQUESTS.get(round * 2 + i % 2)).silence(1500);
      }
    }
    room.silence(6000).noise(-55, 1); // a quiet room: mostly silence, some requests
    short[] pcm = room.samples();
    double seconds = pcm.length / (double) PcmSamples.RATE;

    VadSettings vad = VadSettings.from(config);
    WakeSettings wake = WakeSettings.from(config);
    say(String.format("always listening: %.0f s of audio through each detector on one thread ...", seconds));
    double energy = cpuPerSecond(pcm, new EnergyVad(vad.energyThresholdDb()), null);
    double silero;
    try (VoiceActivityDetector v = SileroVad.load(vad.modelPath())) {
      silero = cpuPerSecond(pcm, v, null);
    }
    double wakeOnly;
    try (WakeWordDetector w = OpenWakeWordDetector.load(wake.modelDir(), wake.keyword())) {
      wakeOnly = cpuPerSecond(pcm, null, w);
    }
    double listener;
    try (VoiceActivityDetector v = SileroVad.load(vad.modelPath());
        WakeWordDetector w = OpenWakeWordDetector.load(wake.modelDir(), wake.keyword())) {
      listener = cpuPerSecond(pcm, v, w);
    }

    List<short[]> utterances = new ArrayList<>();
    double sttSeconds = 0;
    for (String r : REQUESTS) {
      short[] u = new SpeechTrack().silence(300).say(r).silence(300).samples();
      utterances.add(u);
      sttSeconds += u.length / (double) PcmSamples.RATE;
    }
    SttSettings stt = SttSettings.from(config).withWhisperModel(whisperModel).withTemperatureFallback(false);
    say(String.format("speech-to-text: %d utterances, %.1f s, per engine ...", utterances.size(), sttSeconds));
    int[] characters = {0};
    double voskRtf = realTimeFactor("vosk", stt, utterances, sttSeconds, new int[1]);
    double whisperRtf = realTimeFactor("whisper", stt, utterances, sttSeconds, characters);

    say("end of speech -> transcript: " + latencyUtterances + " utterances in real time per engine ...");
    SpeechTrack session = new SpeechTrack().silence(800);
    for (int i = 0; i < latencyUtterances; i++) {
      session.say(REQUESTS.get(i % REQUESTS.size())).silence(1500);
    }
    Path wav = session.writeWav(work.resolve("latency.wav"));
    double[] vosk = latencies(wav, stt.withEngine("vosk"));
    double[] whisper = latencies(wav, stt.withEngine("whisper"));
    return new Result(seconds, energy, silero, wakeOnly, listener, sttSeconds, voskRtf, whisperRtf, characters[0],
        latencyUtterances,
        percentile(vosk, 50), percentile(vosk, 100), percentile(whisper, 50), percentile(whisper, 100));
  }

  /** CPU seconds of this thread per second of audio for the VAD and/or the wake-word detector. */
  private static double cpuPerSecond(short[] pcm, VoiceActivityDetector vad, WakeWordDetector wake) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    SampleChunker vadBlocks = new SampleChunker(512);
    SampleChunker wakeBlocks = new SampleChunker(wake == null ? 1280 : wake.frameSamples());
    double[] sink = {0};
    long t0 = threads.getCurrentThreadCpuTime();
    for (int off = 0; off + 512 <= pcm.length; off += 512) {
      short[] frame = java.util.Arrays.copyOfRange(pcm, off, off + 512);
      if (vad != null) {
        vadBlocks.push(frame, off, (b, s) -> sink[0] += vad.speechProbability(b)
            + PcmSamples.rmsDbfs(b, 0, b.length));
      }
      if (wake != null) {
        wakeBlocks.push(frame, off, (b, s) -> sink[0] += wake.score(b));
      }
    }
    long cpu = threads.getCurrentThreadCpuTime() - t0;
    if (Double.isNaN(sink[0])) {
      throw new IllegalStateException("a detector returned NaN");
    }
    return cpu / 1e9 / (pcm.length / (double) PcmSamples.RATE);
  }

  private double realTimeFactor(String engine, SttSettings stt, List<short[]> utterances, double seconds,
      int[] characters) {
    try (Transcriber t = Transcribers.create(engine, stt)) {
      t.transcribe(utterances.get(0)); // warm-up
      long t0 = System.nanoTime();
      for (short[] u : utterances) {
        characters[0] += t.transcribe(u).length();
      }
      return (System.nanoTime() - t0) / 1e9 / seconds;
    }
  }

  /** Milliseconds from speech.end to stt.transcript, as seen on the bus, with the file read in real time. */
  private double[] latencies(Path wav, SttSettings stt) throws Exception {
    Map<String, String> set = new HashMap<>();
    set.put("wake.engine", "none");
    set.put("audio.input.source", "file");
    set.put("audio.input.file", wav.toAbsolutePath().toString());
    set.put("audio.input.realtime", "true");
    set.put("stt.engine", stt.engine());
    set.put("stt.whisper.modelPath", stt.whisperModel().toAbsolutePath().toString());
    set.put("stt.whisper.temperatureFallback", Boolean.toString(stt.whisperTemperatureFallback()));
    BridgeConfig alwaysListening = config.with(set);
    Vertx vertx = BridgeVertx.create();
    BridgeApp app = null;
    try {
      Map<String, Long> ends = new ConcurrentHashMap<>();
      List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      CountDownLatch done = new CountDownLatch(latencyUtterances);
      Bus.on(vertx.eventBus(), Addresses.SPEECH_END, SpeechEnd.class, e -> ends.put(e.utteranceId(), System.nanoTime()));
      Bus.on(vertx.eventBus(), Addresses.STT_TRANSCRIPT, SttTranscript.class, t -> {
        Long end = ends.get(t.utteranceId());
        if (end != null) {
          latencies.add((System.nanoTime() - end) / 1e6);
        }
        done.countDown();
      });
      app = await(BridgeApp.start(vertx, alwaysListening, BridgeApp.Mode.LISTEN));
      TranscriptionVerticle transcription = app.component("speech-to-text", TranscriptionVerticle.class).orElseThrow();
      if (!transcription.engine().equals(java.util.Optional.of(stt.engine()))) {
        throw new IllegalStateException(stt.engine() + " did not start");
      }
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("transcripts missing for " + stt.engine());
      }
      return latencies.stream().mapToDouble(Double::doubleValue).toArray();
    } finally {
      await(BridgeApp.shutdown(vertx, app));
    }
  }

  private static double percentile(double[] values, double p) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static <T> T await(Future<T> f) {
    return Futures.await(f, java.time.Duration.ofMinutes(5), "answer");
  }

  private void say(String line) {
    log.println(line);
    log.flush();
  }
}
