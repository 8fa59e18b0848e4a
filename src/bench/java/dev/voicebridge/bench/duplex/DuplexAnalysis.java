package dev.voicebridge.bench.duplex;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.bench.WordErrorRate;
import dev.voicebridge.bench.room.RoomSimulator;
import dev.voicebridge.bench.room.RoomSimulator.Recording;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one duplex run, computed from the room's ground truth (what the user said and when, what
 * the speaker emitted) and what the bridge did (its bus): what a person in the room would notice.
 *
 * <ul>
 *   <li>barge-in latency: from the first sample of the user's voice to the moment the speaker's output
 *       falls silent (below -50 dBFS, and stays so for 300 ms) — the playback buffer included;
 *   <li>self-interruptions: interrupts with no user speech behind them (none within the user's utterance);
 *   <li>self-transcribed turns: transcripts of utterances that lie outside anything the user said;
 *   <li>word error rate of what the user said over the bridge, against their words;
 *   <li>ERLE: microphone energy over echo-cancelled energy where only the bridge was talking.
 * </ul>
 */
public final class DuplexAnalysis {

  /**
   * The figures. Latencies in milliseconds; missed = barge-ins after which the speaker did not go silent in
   * 3 s; over silence = the user talked when the speaker was already silent (it had stopped for a stray
   * word of its own): neither a latency nor a miss. A self-transcribed turn is a user turn the bridge stored (and sent) from its own voice; its own
   * voice transcribed but kept back (selfHeardNotSentTexts, the transcript policy's echo check) is not a turn.
   */
  public record Figures(double playbackSeconds, int selfInterruptions, int selfTurns, List<String> selfTurnTexts,
      List<String> selfHeardNotSentTexts,
      List<Double> bargeInLatenciesMs, int missedBargeIns, int bargeInsOverSilence, int werEdits, int werWords, double erleDb,
      List<Double> onsetErlesDb, List<String> heard, List<String> timeline, int abortedRuns) {

    /** Sentence starts the canceller hardly touched (under {@value #UNCANCELLED_ONSET_DB} dB in their first 200 ms). */
    public long uncancelledOnsets() {
      return onsetErlesDb.stream().filter(e -> e < UNCANCELLED_ONSET_DB).count();
    }

    public double selfInterruptionsPerMinute() {
      return playbackSeconds <= 0 ? 0 : selfInterruptions / (playbackSeconds / 60);
    }

    public double wer() {
      return werWords == 0 ? Double.NaN : (double) werEdits / werWords;
    }
  }

  static final double UNCANCELLED_ONSET_DB = 6;
  private static final double SILENT_DBFS = -50;
  private static final long MARGIN = PcmSamples.msToSamples(300);

  private DuplexAnalysis() {
  }

  /**
   * @param bargeIns the utterances the user said over the bridge (the first question excluded)
   * @param toSample maps a host time (nanoTime) to the room's sample index
   */
  public static Figures of(Recording recording, List<RoomSimulator.Utterance> all, List<RoomSimulator.Utterance> bargeIns,
      Observations seen, java.util.function.LongUnaryOperator toSample, float[] cleaned, long speakerDelay) {
    float[] speaker = recording.speaker();
    float[] user = recording.user();
    float[] echo = recording.echo();
    float[] mic = recording.mic();
    double playback = playbackSeconds(speaker);

    List<String> timeline = new ArrayList<>();
    for (RoomSimulator.Utterance u : all) {
      timeline.add(String.format("%7.2f s  user says \"%s\" (until %.2f s)", u.startSample() / 16000.0, u.text(),
          u.endSample() / 16000.0));
    }
    int self = 0;
    for (Observations.Timed<BridgeInterrupt> i : seen.snapshot(seen.interrupts)) {
      long at = toSample.applyAsLong(i.nanos());
      boolean byUser = all.stream().anyMatch(u -> at >= u.startSample() && at <= u.endSample() + 2 * MARGIN);
      if (!byUser) {
        self++;
      }
      timeline.add(String.format("%7.2f s  interrupt (%s)%s", at / 16000.0, i.event().reason(), byUser ? "" : " SELF"));
    }

    int selfTurns = 0;
    List<String> selfTexts = new ArrayList<>();
    List<String> selfHeard = new ArrayList<>();
    List<String> heard = new ArrayList<>();
    List<SttTranscript> transcripts = seen.snapshot(seen.transcripts);
    List<String> turns = new ArrayList<>(seen.snapshot(seen.userTurns));
    for (SttTranscript t : transcripts) {
      if (t.text().isBlank()) {
        continue;
      }
      SpeechStart s = seen.starts.get(t.utteranceId());
      long from = s == null ? -1 : PcmSamples.msToSamples(s.startMs());
      long to = s == null ? -1 : from + PcmSamples.msToSamples(t.audioMs());
      boolean user2 = s != null && all.stream().anyMatch(u -> from <= u.endSample() + MARGIN && to >= u.startSample() - MARGIN);
      heard.add(t.text());
      boolean stored = turns.remove(t.text());
      if (!user2 && stored) {
        selfTurns++;
        selfTexts.add(t.text());
      } else if (!user2) {
        selfHeard.add(t.text());
      }
      timeline.add(String.format("%7.2f s  transcript \"%s\" (%s)%s%s", from / 16000.0, t.text(), t.trigger(),
          user2 ? "" : " SELF", stored ? "" : ", not a turn"));
    }

    List<Double> latencies = new ArrayList<>();
    int missed = 0;
    int overSilence = 0;
    int edits = 0;
    int words = 0;
    for (RoomSimulator.Utterance u : bargeIns) {
      // the room hears the speaker speakerDelay late: look from there, and count in the speaker's time
      long silent = Recording.silentFrom(speaker, u.startSample() + speakerDelay, SILENT_DBFS, 800);
      if (silent == u.startSample() + speakerDelay) {
        overSilence++; // the bridge was not speaking (it had stopped for a stray word of its own): no latency
      } else if (silent < 0 || silent - speakerDelay - u.startSample() > PcmSamples.msToSamples(3000)) {
        missed++;
      } else {
        latencies.add((silent - speakerDelay - u.startSample()) / (double) PcmSamples.SAMPLES_PER_MS);
      }
      StringBuilder hyp = new StringBuilder();
      for (SttTranscript t : transcripts) {
        SpeechStart s = seen.starts.get(t.utteranceId());
        if (s == null) {
          continue;
        }
        long from = PcmSamples.msToSamples(s.startMs());
        long to = from + PcmSamples.msToSamples(t.audioMs());
        if (from <= u.endSample() + MARGIN && to >= u.startSample() - MARGIN) {
          hyp.append(' ').append(t.text());
        }
      }
      edits += WordErrorRate.edits(u.text(), hyp.toString());
      words += WordErrorRate.referenceWords(u.text());
    }
    timeline.sort(null);
    return new Figures(playback, self, selfTurns, selfTexts, selfHeard, latencies, missed, overSilence, edits, words,
        erle(mic, cleaned, echo, user), onsetErles(mic, cleaned, speaker, echo, user), heard, timeline,
        seen.snapshot(seen.abortedRuns).size());
  }

  /** Seconds during which the speaker emitted sound (10 ms windows above the silence level). */
  public static double playbackSeconds(float[] speaker) {
    int window = (int) PcmSamples.msToSamples(10);
    int active = 0;
    for (int t = 0; t + window <= speaker.length; t += window) {
      if (Recording.levelDb(speaker, t, t + window) > SILENT_DBFS) {
        active++;
      }
    }
    return active * 0.01;
  }

  /**
   * Seconds of audio the bridge reported playing ({@code reported}, on the room's timeline) that the room
   * never heard from the speaker within 300 ms of when it should have ({@code speakerDelay} later): a
   * speaker path that loses or delays audio shows here, and the echo canceller's reference is then wrong.
   */
  public static double unheardSeconds(float[] reported, float[] speaker, long speakerDelay) {
    int window = (int) PcmSamples.msToSamples(100);
    int slack = (int) PcmSamples.msToSamples(300);
    int unheard = 0;
    for (int t = 0; t + window <= reported.length; t += window) {
      if (Recording.levelDb(reported, t, t + window) <= -40) {
        continue;
      }
      long from = t + speakerDelay - slack;
      long to = Math.min(speaker.length, t + speakerDelay + window + slack);
      boolean heard = false;
      for (long u = Math.max(0, from); u + window <= to && !heard; u += window / 2) {
        heard = Recording.levelDb(speaker, (int) u, (int) u + window) > -50;
      }
      if (!heard) {
        unheard++;
      }
    }
    return unheard * 0.1;
  }

  /**
   * ERLE in the first 200 ms of each sentence the speaker starts after at least 300 ms of silence, where the
   * user is silent and the microphone hears the echo: one value per such onset. These are the canceller's weakest moments (measured: a
   * sentence after a barge-in restart could pass uncancelled, 0-3 dB, where the rest of the reply had
   * 20-40 dB), which the whole-reply ERLE averages away.
   */
  static List<Double> onsetErles(float[] mic, float[] cleaned, float[] speaker, float[] echo, float[] user) {
    int step = (int) PcmSamples.msToSamples(10);
    int window = (int) PcmSamples.msToSamples(200);
    long quietNeeded = PcmSamples.msToSamples(300);
    long quiet = 0;
    List<Double> out = new ArrayList<>();
    int n = Math.min(Math.min(mic.length, cleaned.length), speaker.length) - window;
    for (int t = 0; t < n; t += step) {
      double level = Recording.levelDb(speaker, t, t + step);
      if (level < -60) {
        quiet += step;
        continue;
      }
      if (level > -40 && quiet >= quietNeeded && Recording.levelDb(echo, t, t + window) > -55
          && Recording.levelDb(user, t - window / 2, t + window) < -60) {
        out.add(Recording.levelDb(mic, t, t + window) - Recording.levelDb(cleaned, t, t + window));
      }
      quiet = 0;
    }
    return out;
  }

  /**
   * ERLE over 100 ms windows where the echo was present (above -55 dBFS) and the user silent for 500 ms
   * around: 10 log10(sum mic^2 / sum cleaned^2). Windows in the first 2 s of playback are left out (the
   * canceller is still converging at the very start).
   */
  static double erle(float[] mic, float[] cleaned, float[] echo, float[] user) {
    int window = (int) PcmSamples.msToSamples(100);
    long firstEcho = -1;
    double m = 0;
    double o = 0;
    int n = Math.min(mic.length, cleaned.length);
    for (int t = 0; t + window <= n; t += window) {
      if (Recording.levelDb(echo, t, t + window) <= -55) {
        continue;
      }
      if (firstEcho < 0) {
        firstEcho = t;
      }
      if (t < firstEcho + PcmSamples.msToSamples(2000)) {
        continue;
      }
      if (Recording.levelDb(user, t - 4000, t + window + 4000) > -80) {
        continue;
      }
      for (int i = t; i < t + window; i++) {
        m += (double) mic[i] * mic[i];
        o += (double) cleaned[i] * cleaned[i];
      }
    }
    return m == 0 || o == 0 ? Double.NaN : 10 * Math.log10(m / o);
  }
}
