package dev.voicebridge.bench;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.SampleChunker;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.listen.Endpointer;
import dev.voicebridge.stt.Transcriber;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the bridge ends the user's turn, on a labelled corpus the project generates ({@code
 * endpointing/corpus.tsv}, espeak-ng voices): complete requests, and requests with a pause to think in the
 * middle. Each clip goes through what the listener does — the VAD's blocks into the {@link Endpointer} and,
 * as the speech-to-text verticle publishes them, the streaming recogniser's words so far after every 100 ms
 * of audio it hears (after the endpointer saw that audio, as on the bus) — and the evaluation records:
 * <ul>
 *   <li>premature cut-offs: the turn ended before the speaker's last word (the first utterance of the clip
 *       ends more than {@value #CUT_TOLERANCE_MS} ms before the end of the speech);
 *   <li>the end-of-turn delay: from the end of the speech (measured on the samples) to the moment the
 *       endpointer decided, in audio time.
 * </ul>
 */
public final class EndpointingEvaluation {

  /** Frames as the capture delivers them (100 ms). */
  private static final int FRAME = 1600;
  static final int CUT_TOLERANCE_MS = 150;
  /** Pauses to think, varied over the clips: the corpus's 600-1200 ms. */
  static final int[] PAUSES_MS = {600, 800, 1000, 1200};
  private static final int LEAD_MS = 600;
  private static final int TRAIL_MS = 2500;

  /** One spoken clip: its text, voice, the pause in it (0: none), and where the speech really ends. */
  public record Clip(String kind, String text, String voice, int pauseMs, short[] pcm, long speechEnd) {
    boolean hesitation() {
      return kind.equals("hesitation");
    }
  }

  /** What the endpointer made of one clip. */
  public record Outcome(Clip clip, boolean premature, double delayMs, String heard) {
  }

  /** All clips under one set of rules. */
  public record Summary(String rules, List<Outcome> outcomes) {

    public List<Outcome> of(String kind) {
      return outcomes.stream().filter(o -> o.clip().kind().equals(kind)).toList();
    }

    public long premature(String kind) {
      return of(kind).stream().filter(Outcome::premature).count();
    }

    /** The {@code p}-quantile (0..1) of the end-of-turn delay of the clips of {@code kind} that were not cut. */
    public double delayMs(String kind, double p) {
      double[] d = of(kind).stream().filter(o -> !o.premature()).mapToDouble(Outcome::delayMs).sorted().toArray();
      return d.length == 0 ? Double.NaN : d[(int) Math.min(d.length - 1, Math.round(p * (d.length - 1)))];
    }

    public JsonObject toJson() {
      JsonArray cut = new JsonArray();
      outcomes.stream().filter(Outcome::premature)
          .forEach(o -> cut.add(o.clip().voice() + " (" + o.clip().pauseMs() + " ms): " + o.clip().text()
              + " -> \"" + o.heard() + "\""));
      return new JsonObject().put("rules", rules)
          .put("complete", of("complete").size()).put("hesitations", of("hesitation").size())
          .put("prematureComplete", premature("complete")).put("prematureHesitation", premature("hesitation"))
          .put("completeDelayP50Ms", Math.round(delayMs("complete", 0.5)))
          .put("completeDelayP90Ms", Math.round(delayMs("complete", 0.9)))
          .put("hesitationDelayP50Ms", Math.round(delayMs("hesitation", 0.5)))
          .put("cutOff", cut);
    }
  }

  private record Entry(String kind, String text) {
  }

  /** The corpus spoken in {@code voices} (espeak-ng voice, words per minute, pitch). */
  public static List<Clip> speak(String[][] voices) {
    List<Entry> corpus = readCorpus();
    List<Clip> clips = new ArrayList<>();
    for (int v = 0; v < voices.length; v++) {
      String[] voice = voices[v];
      for (int i = 0; i < corpus.size(); i++) {
        Entry e = corpus.get(i);
        int pause = e.kind().equals("hesitation") ? PAUSES_MS[(v + i) % PAUSES_MS.length] : 0;
        clips.add(clip(e, voice, pause));
      }
    }
    return clips;
  }

  private static Clip clip(Entry e, String[] voice, int pauseMs) {
    SpeechTrack track = new SpeechTrack().silence(LEAD_MS);
    String[] fragments = e.text().split("\\|");
    for (int f = 0; f < fragments.length; f++) {
      short[] said = trimmed(SpeechSynth.speak(fragments[f].strip(), voice[0], Integer.parseInt(voice[1]),
          Integer.parseInt(voice[2])));
      track.append(fragments[f].strip(), said);
      if (f < fragments.length - 1) {
        track.silence(pauseMs);
      }
    }
    long speechEnd = track.parts().get(track.parts().size() - 1).endSample();
    track.silence(TRAIL_MS);
    return new Clip(e.kind(), e.text().replace(" |", ""), voice[0], pauseMs, track.samples(), speechEnd);
  }

  /** The speech without the silence espeak-ng puts around it (10 ms windows quieter than -50 dBFS). */
  public static short[] trimmed(short[] pcm) {
    int window = 160;
    int first = -1;
    int last = -1;
    for (int at = 0; at + window <= pcm.length; at += window) {
      if (PcmSamples.rmsDbfs(pcm, at, window) > -50) {
        if (first < 0) {
          first = at;
        }
        last = at + window;
      }
    }
    return first < 0 ? pcm : Arrays.copyOfRange(pcm, first, last);
  }

  /**
   * Runs every clip through the endpointer under {@code vad}'s rules, with {@code detector}'s decisions and
   * {@code transcriber}'s words so far.
   */
  public static Summary run(String rules, List<Clip> clips, VadSettings vad, VoiceActivityDetector detector,
      Transcriber transcriber) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Clip clip : clips) {
      outcomes.add(one(clip, vad, detector, transcriber));
    }
    return new Summary(rules, outcomes);
  }

  private static Outcome one(Clip clip, VadSettings vad, VoiceActivityDetector detector, Transcriber transcriber) {
    detector.reset();
    ClipListener l = new ClipListener(clip, transcriber);
    Endpointer endpointer = new Endpointer(vad, Endpointer.Mode.ALWAYS, l, l::nextId);
    l.endpointer = endpointer;
    SampleChunker blocks = new SampleChunker(detector.frameSamples());
    short[] pcm = clip.pcm();
    for (int at = 0; at + FRAME <= pcm.length && l.firstEnd < 0; at += FRAME) {
      short[] frame = Arrays.copyOfRange(pcm, at, at + FRAME);
      blocks.push(frame, at, (block, start) -> endpointer.block(start, block.length,
          detector.speechProbability(block), PcmSamples.rmsDbfs(block, 0, block.length)));
      l.heard(at + FRAME);
    }
    if (l.firstEnd < 0) {
      endpointer.endOfInput();
    }
    long end = l.firstEnd < 0 ? pcm.length : l.firstEnd;
    boolean premature = end < clip.speechEnd() - PcmSamples.msToSamples(CUT_TOLERANCE_MS);
    double delay = PcmSamples.samplesToMs(l.decidedAt - clip.speechEnd());
    return new Outcome(clip, premature, delay, l.words);
  }

  /** The speech-to-text verticle's part for one clip, and what the endpointer decided. */
  private static final class ClipListener implements Endpointer.Events {
    private final Clip clip;
    private final Transcriber transcriber;
    Endpointer endpointer;
    private int ids;
    private String id;
    private Transcriber.Utterance utterance;
    private long fedUntil;
    String words = "";
    long firstEnd = -1;
    long decidedAt = -1;

    ClipListener(Clip clip, Transcriber transcriber) {
      this.clip = clip;
      this.transcriber = transcriber;
    }

    String nextId() {
      return "u" + (++ids);
    }

    @Override
    public void speechStart(SpeechStart start) {
      id = start.utteranceId();
      utterance = transcriber.open();
      fedUntil = PcmSamples.msToSamples(start.audioStartMs());
      words = "";
    }

    /** The recogniser hears the audio up to {@code until} and publishes its words so far. */
    void heard(long until) {
      if (utterance == null || until <= fedUntil) {
        return;
      }
      short[] audio = Arrays.copyOfRange(clip.pcm(), (int) fedUntil, (int) until);
      fedUntil = until;
      String partial = utterance.accept(audio, audio.length);
      if (partial != null) {
        words = partial;
      }
      endpointer.words(id, words, fedUntil);
    }

    @Override
    public void speechEnd(SpeechEnd end) {
      if (utterance != null) {
        utterance.cancel();
        utterance = null;
      }
      if (firstEnd < 0) {
        firstEnd = PcmSamples.msToSamples(end.endMs());
        decidedAt = PcmSamples.msToSamples(end.decidedMs());
      }
    }

    @Override
    public void interrupt(BridgeInterrupt interrupt) {
    }
  }

  private static List<Entry> readCorpus() {
    return CorpusFile.rows("endpointing/corpus.tsv").stream().map(f -> new Entry(f[0], f[1].strip())).toList();
  }

}
