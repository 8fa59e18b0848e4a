package dev.voicebridge.listen.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.bench.SpeechSynth;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.testkit.SpeechFixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The echo canceller on a known echo path (a room in virtual time, {@link EchoRoom}): speech played by the
 * speaker comes back through a synthetic room impulse response after a latency the stage is not told.
 * It must find the latency, follow a clock drift between speaker and microphone, remove at least 20 dB of
 * echo once converged, leave the user's voice during double talk, and change nothing when nothing plays.
 */
class EchoCancellationTest {

  private static short[] far;
  private static short[] near;
  private static final long SECOND = PcmSamples.RATE;

  @BeforeAll
  static void speech() {
    SpeechFixtures.requireEspeak();
    far = SpeechSynth.speak("Paris has a long history. It was founded by a Celtic people called the Parisii in the "
        + "third century before Christ. The Romans conquered the city and called it Lutetia. In the middle ages it "
        + "became one of the largest cities of Europe, a centre of learning and of the arts.", "en-us", 175, 50);
    near = SpeechSynth.speak("stop, stop talking please, what is the weather tomorrow", "en-gb-x-rp", 160, 40);
  }

  private static EchoSettings settings() {
    return EchoSettings.from(BridgeConfig.defaults());
  }

  /** A room whose echo reaches the microphone as loud as the user (0 dB); each test sets its path. */
  private static EchoRoom loudEcho() {
    EchoRoom room = new EchoRoom();
    room.echoDb = 0;
    return room;
  }

  /** The reply played in {@code room} while the user says nothing. */
  private static EchoRoom.Run farAlone(EchoRoom room) {
    return room.run(far, new short[0], 0, -26, settings());
  }

  /** ERLE in each whole second from {@code fromSecond} of playback on, where the user is silent. */
  private static List<Double> erlePerSecond(EchoRoom room, EchoRoom.Run run, int fromSecond, long userFrom,
      long userTo) {
    List<Double> out = new ArrayList<>();
    for (long from = room.playFromSample + fromSecond * SECOND; from + SECOND < room.playFromSample + far.length;
        from += SECOND) {
      if (from + SECOND > userFrom && from < userTo) {
        continue;
      }
      out.add(run.erleDb(from, from + SECOND));
    }
    return out;
  }

  @Test
  void aLinearEchoPathIsCancelledByMoreThan20DbOnceConverged() {
    EchoRoom room = loudEcho();
    room.latencyMs = 30;
    room.rt60Ms = 300;
    EchoRoom.Run run = farAlone(room);
    List<Double> erle = erlePerSecond(room, run, 4, 0, 0);
    double worst = erle.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    assertTrue(worst >= 20, "ERLE per second after 4 s: " + erle);
    // the latency it found: the room's 30 ms plus the 10 ms direct path plus the 2 ms the reads come after
    // the capture (the room's reader), to the millisecond
    assertEquals(42, run.stage().status().latencyMs(), 2, run.stage().status().toString());
  }

  @Test
  void aConfiguredDelayIsUsedAsItIsWithoutMeasuring() {
    // aec.delayMs: the latency is known, nothing is measured, and the reference is never held back waiting
    // for a measurement that will not come
    EchoRoom room = loudEcho();
    room.latencyMs = 30;
    EchoSettings measured = settings();
    EchoSettings configured = new EchoSettings(measured.enabled(), measured.tailMs(), 42, measured.echoSuppressDb(),
        measured.echoSuppressActiveDb(), measured.noiseSuppressDb(), measured.frameMs(), measured.library());
    EchoRoom.Run run = room.run(far, new short[0], 0, -26, configured);
    List<Double> erle = erlePerSecond(room, run, 4, 0, 0);
    assertTrue(erle.stream().allMatch(e -> e >= 20), "ERLE per second after 4 s: " + erle);
  }

  @Test
  void anUnknownLatencyOfTwoHundredMillisecondsIsFound() {
    EchoRoom room = loudEcho();
    room.latencyMs = 200;
    EchoRoom.Run run = farAlone(room);
    assertEquals(212, run.stage().status().latencyMs(), 2, run.stage().status().toString());
    List<Double> erle = erlePerSecond(room, run, 5, 0, 0);
    assertTrue(erle.stream().allMatch(e -> e >= 20), "ERLE per second after 5 s: " + erle);
  }

  @Test
  void aSpeakerClockRunningOneThousandthFastDoesNotMakeItDiverge() {
    EchoRoom room = loudEcho();
    room.drift = 0.001;
    EchoRoom.Run run = farAlone(room);
    // the echo slides by a millisecond a second: without following the drift, ERLE falls to ~5 dB
    assertEquals(-1000, run.stage().status().driftPpm(), 30, run.stage().status().toString());
    List<Double> erle = erlePerSecond(room, run, 9, 0, 0);
    assertTrue(erle.stream().allMatch(e -> e >= 20), "ERLE per second after 9 s: " + erle);
  }

  @Test
  void anotherSpeakerMidReplyIsFoundAndCancelledAgain() {
    // the speaker is unplugged mid-reply and another one, 60 ms slower, plays the rest
    EchoRoom room = loudEcho();
    room.latencyMs = 30;
    room.changeAtSample = 8 * SECOND;
    room.latencyAfterMs = 90;
    EchoRoom.Run run = farAlone(room);
    assertEquals(100, run.stage().status().latencyMs(), 3, "the new path: " + run.stage().status());
    List<Double> after = run.erleDbPerWindow(room.playFromSample + room.changeAtSample + 3 * SECOND,
        room.playFromSample + far.length - 1, SECOND);
    assertTrue(!after.isEmpty() && after.stream().allMatch(e -> e >= 20), "ERLE from 3 s after the change: " + after);
  }

  @Test
  void aSpeakerThatFellBehindUnannouncedIsFollowedByItsTimestamps() {
    // the sound server underran mid-reply and played 20 ms of silence of its own: the sink saw nothing, but
    // the timestamps of what it wrote next say it is heard 20 ms later
    EchoRoom room = loudEcho();
    room.latencyMs = 30;
    room.changeAtSample = 8 * SECOND;
    room.latencyAfterMs = 50;
    room.changeSeenAs = EchoRoom.ChangeSeen.TIMESTAMPS;
    EchoRoom.Run run = farAlone(room);
    long change = room.playFromSample + room.changeAtSample + PcmSamples.msToSamples(50);
    List<Double> after = run.erleDbPerWindow(change + SECOND / 2, change + 3 * SECOND, SECOND / 2);
    assertTrue(after.stream().allMatch(e -> e >= 20), "ERLE per half second from 0.5 s after the step: " + after);
  }

  @Test
  void aSentenceAfterAPauseInWhichTheEchoMovedUnseenCannotPassForTheUser() {
    // between two sentences the echo comes 2 ms later and nothing says so: the canceller, converged on the
    // old path, cancels the next sentence's start badly; until a measurement has verified the path, its
    // residual estimate must cover the echo so the bridge's own voice cannot interrupt it
    short[] sentences = sentencesWithPauses();
    long pause = nthPause(sentences, 4);
    EchoRoom room = loudEcho();
    room.latencyMs = 30;
    room.changeAtSample = pause + PcmSamples.msToSamples(400);
    room.latencyAfterMs = 32;
    room.changeSeenAs = EchoRoom.ChangeSeen.NOTHING;
    EchoRoom.Run run = room.run(sentences, new short[0], 0, -26, settings());
    long onset = room.playFromSample + pause + PcmSamples.msToSamples(800 + room.latencyAfterMs + room.directMs);
    int passed = 0;
    List<String> blocks = new ArrayList<>();
    for (long from = onset; from < onset + PcmSamples.msToSamples(600); from += 320) {
      double level = run.outLevelDb(from, 320);
      double est = run.echoDbPerSample()[(int) from];
      blocks.add(String.format("%.0f/%.0f", level, est));
      passed += level > -42 && level >= est + 8 ? 1 : 0; // vad.bargeInLevelDb, vad.bargeInEchoMarginDb
    }
    // a barge-in needs 160 ms of such blocks (vad.bargeInMinMs)
    assertTrue(passed < 8, passed + " blocks pass; output level / residual estimate per 20 ms from the onset: "
        + blocks);

    // where nothing moved, the measurement finds the echo where it was and the learnt estimate is back
    // within a few hundred ms (a user barging in early in a sentence is not held up for long)
    EchoRoom still = loudEcho();
    still.latencyMs = 30;
    EchoRoom.Run steady = still.run(sentences, new short[0], 0, -26, settings());
    long steadyOnset = still.playFromSample + pause + PcmSamples.msToSamples(800 + still.latencyMs + still.directMs);
    List<Double> estimates = new ArrayList<>();
    for (long from = steadyOnset; from < steadyOnset + PcmSamples.msToSamples(600); from += 320) {
      estimates.add(steady.echoDbPerSample()[(int) from]);
    }
    assertTrue(estimates.subList(0, 3).stream().allMatch(e -> e > -30), "suspected at first: " + estimates);
    assertTrue(estimates.subList(20, 30).stream().allMatch(e -> e < -40), "trusted again: " + estimates);
  }

  /** Where the {@code n}-th pause (a run of digital silence) of {@code pcm} starts (0-based). */
  private static long nthPause(short[] pcm, int n) {
    int seen = -1;
    for (int i = 1; i < pcm.length; i++) {
      if (pcm[i] == 0 && pcm[i - 1] != 0 && ++seen == n) {
        return i;
      }
    }
    throw new IllegalArgumentException("fewer pauses");
  }

  /** Sentences with the device running dry between them (800 ms), as a reply streamed slowly is played. */
  private static short[] sentencesWithPauses() {
    List<short[]> parts = new ArrayList<>();
    for (String sentence : List.of("Paris has a long history.", "It was founded by a Celtic people.",
        "The Romans called it Lutetia.", "In the middle ages it grew quickly.", "It became a centre of learning.",
        "Its university is one of the oldest.", "The city has many museums.")) {
      short[] spoken = SpeechSynth.speak(sentence, "en-us", 175, 50);
      for (int i = 0; i < spoken.length; i++) {
        spoken[i] |= 1; // no digital silence inside a sentence: the device runs dry only between them
      }
      parts.add(spoken);
      parts.add(new short[(int) PcmSamples.msToSamples(800)]);
    }
    short[] all = new short[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** ERLE over the first 400 ms of each burst's echo (where its first sample reaches the microphone). */
  private static List<Double> burstStartErle(EchoRoom room, EchoRoom.Run run, short[] played) {
    List<Double> out = new ArrayList<>();
    long delay = PcmSamples.msToSamples(room.latencyMs + room.directMs);
    boolean silent = true;
    for (int i = 0; i + 160 <= played.length; i += 160) {
      boolean quiet = true;
      for (int j = i; j < i + 160; j++) {
        quiet &= played[j] == 0;
      }
      if (silent && !quiet) {
        long from = room.playFromSample + i + delay;
        out.add(run.erleDb(from, from + PcmSamples.msToSamples(400)));
      }
      silent = quiet;
    }
    return out;
  }

  @Test
  void onceTheSpeakersTimestampsProveExactANewSentenceIsCancelledFromItsFirstFrame() {
    short[] sentences = sentencesWithPauses();
    EchoRoom exact = loudEcho();
    exact.runsDryInSilence = true;
    EchoRoom.Run run = exact.run(sentences, new short[0], 0, -26, settings());
    List<Double> erle = burstStartErle(exact, run, sentences);
    // the first bursts wait for a measurement (the bridge's voice goes through for half a second); after
    // two have landed where announced, the rest are cancelled at once
    List<Double> later = erle.subList(4, erle.size());
    assertTrue(later.stream().allMatch(e -> e >= 10), "ERLE over each burst's first 400 ms: " + erle);

    // timestamps that are off by 15 ms at each restart are never trusted: each burst waits for its
    // measurement again, so the first 400 ms of each stay barely cancelled, and nothing diverges
    EchoRoom jittery = loudEcho();
    jittery.runsDryInSilence = true;
    jittery.burstTimestampErrorMs = 15;
    EchoRoom.Run off = jittery.run(sentences, new short[0], 0, -26, settings());
    List<Double> offErle = burstStartErle(jittery, off, sentences);
    assertTrue(offErle.subList(4, offErle.size()).stream().allMatch(e -> e < 10), "withheld: " + offErle);
  }

  @Test
  void theUsersVoiceSurvivesDoubleTalk() {
    EchoRoom room = loudEcho();
    long nearAt = room.playFromSample + far.length / 2;
    EchoRoom.Run run = room.run(far, near, nearAt, -26, settings());
    double xy = 0;
    double xx = 0;
    double yy = 0;
    for (int i = (int) nearAt; i < nearAt + near.length; i++) {
      double o = run.out(i);
      double n = run.near()[i];
      xy += o * n;
      xx += o * o;
      yy += n * n;
    }
    double c = xy / Math.sqrt(xx * yy);
    double nearToRestDb = 10 * Math.log10(c * c / (1 - c * c));
    // the echo was as loud as the user (0 dB); what comes out is the user, 8+ dB above everything else
    assertTrue(nearToRestDb >= 8, "near-end to rest " + nearToRestDb + " dB (correlation " + c + ")");
    // and the residual estimate lets the user through: most of the user's loud blocks are 8 dB over it
    int over = 0;
    int loud = 0;
    for (long from = nearAt; from + 512 < nearAt + near.length; from += 512) {
      double est = run.echoDbPerSample()[(int) from];
      double level = run.outLevelDb(from, 512);
      if (level > -40) {
        loud++;
        over += Double.isNaN(est) || level >= est + 8 ? 1 : 0;
      }
    }
    assertTrue(over >= 0.6 * loud, over + " of " + loud + " loud blocks of the user are 8 dB over the residual echo");
  }

  @Test
  void nothingPlayingLeavesTheMicrophoneSignalUntouched() {
    EchoCancellation stage = EchoCancellation.create(settings());
    short[] mic = new short[(int) (3 * SECOND)];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < mic.length; i++) {
      mic[i] = (short) (r.nextGaussian() * 2000);
    }
    List<short[]> out = new ArrayList<>();
    List<Long> starts = new ArrayList<>();
    for (int at = 0; at < mic.length; at += 512) {
      int n = Math.min(512, mic.length - at);
      stage.process(Arrays.copyOfRange(mic, at, at + n), n, at, 1_000_000_000L + at * 62_500L,
          (s, count, start, echoDb) -> {
            out.add(Arrays.copyOf(s, count));
            starts.add(start);
            assertTrue(Double.isNaN(echoDb), "no echo is possible");
          });
    }
    stage.flush((s, n, start, echoDb) -> {
      out.add(Arrays.copyOf(s, n));
      starts.add(start);
    });
    stage.close();
    short[] all = new short[out.stream().mapToInt(a -> a.length).sum()];
    int k = 0;
    for (short[] o : out) {
      System.arraycopy(o, 0, all, k, o.length);
      k += o.length;
    }
    assertEquals(0L, starts.get(0), "positions stay exact");
    assertArrayEquals(mic, all, "the same samples at the same positions");
  }
}
