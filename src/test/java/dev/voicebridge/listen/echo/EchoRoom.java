package dev.voicebridge.listen.echo;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.PlaybackReference;
import dev.voicebridge.bench.room.Convolver;
import dev.voicebridge.bench.room.RoomImpulseResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A room in virtual time for the echo canceller's own tests: a loudspeaker plays {@code far} (in 10 ms
 * blocks written 40 ms ahead, like the speaker sink), its sound reaches the microphone through a room
 * impulse response after a latency the bridge is not told, possibly with the speaker's clock running
 * {@code drift} faster than the microphone's, mixed with the user's voice and noise. The stage gets the
 * reference blocks and the microphone frames in the order and with the timestamps a real capture thread
 * would see them. Everything is deterministic (seeded noise, no clock).
 */
final class EchoRoom {

  static final long NANOS_PER_SAMPLE = 62_500;

  int latencyMs = 30;
  int directMs = 10;
  int rt60Ms = 300;
  double echoDb;
  double noiseDb = -60;
  double drift;
  boolean driftVisible;
  double clipAt = 1.0;
  int frameSamples = 512;
  long playFromSample = PcmSamples.msToSamples(500);
  /** From this sample of {@code far} on, the speaker is another device: latency {@code latencyAfterMs}. */
  long changeAtSample = Long.MAX_VALUE;
  /** Whole milliseconds, or with {@link #latencyAfterSamples} a fraction more. */
  int latencyAfterMs;
  int latencyAfterSamples;
  /** What the stage is told of the change. */
  ChangeSeen changeSeenAs = ChangeSeen.RESTART;

  enum ChangeSeen {
    /** The block at the change is announced as a restart of the device. */
    RESTART,
    /**
     * Not announced: the device went on as if seamlessly (a sound server that underran and played silence
     * of its own), and only the blocks' timestamps say it is heard later.
     */
    TIMESTAMPS,
    /** Nothing at all says so (a capture that dropped samples, a shift smaller than the timestamps show). */
    NOTHING
  }
  /**
   * Silent 10 ms blocks of {@code far} are not played at all (the device runs dry between sentences; no
   * reference for them), and each burst after one is announced as a restart.
   */
  boolean runsDryInSilence;
  /**
   * With {@link #runsDryInSilence}: each restart's timestamp is off by this many ms, alternately late and
   * early (0: exact, as from a sink that asks the device; tens of ms: a sink's own account after a flush).
   */
  int burstTimestampErrorMs;

  /** What the room produced and what the stage made of it. */
  record Run(short[] mic, float[] echo, float[] near, short[] out, long outStart, double[] echoDbPerSample,
      EchoCancellation stage) {

    /** ERLE over [from, to) where the user is silent: microphone over output energy, dB. */
    double erleDb(long from, long to) {
      double m = 0;
      double o = 0;
      for (long i = from; i < to; i++) {
        m += (double) mic[(int) i] * mic[(int) i];
        double v = out((int) i);
        o += v * v;
      }
      return 10 * Math.log10(m / Math.max(o, 1e-9));
    }

    /** ERLE over consecutive windows of {@code window} samples in [from, to), the user silent. */
    java.util.List<Double> erleDbPerWindow(long from, long to, long window) {
      java.util.List<Double> out = new java.util.ArrayList<>();
      for (long w = from; w + window <= to; w += window) {
        out.add(erleDb(w, w + window));
      }
      return out;
    }

    /** Level of the output over [from, from + n), dBFS. */
    double outLevelDb(long from, int n) {
      double e = 0;
      for (int i = 0; i < n; i++) {
        e += out((int) (from + i)) * out((int) (from + i));
      }
      return 10 * Math.log10(e / n + 1e-9) - 90.31;
    }

    double out(int i) {
      long k = i - outStart;
      return k >= 0 && k < out.length ? out[(int) k] : 0;
    }
  }

  Run run(short[] far, short[] nearSpeech, long nearAtSample, double nearDbfs, EchoSettings settings) {
    int n = (int) (playFromSample + far.length * (1 + Math.abs(drift)) + PcmSamples.msToSamples(1500));
    float[] h = RoomImpulseResponse.create(directMs, rt60Ms, 3, 11);
    // the speaker's output in microphone time: sample i hears far at (i - start - latency) * (1 + drift)
    float[] speaker = new float[n];
    long start = playFromSample + PcmSamples.msToSamples(latencyMs);
    long startAfter = playFromSample + PcmSamples.msToSamples(latencyAfterMs) + latencyAfterSamples;
    for (int i = 0; i < n; i++) {
      double k = (i - start) * (1 + drift);
      if (k >= changeAtSample) {
        k = -1; // the first device stopped here
      }
      double k2 = (i - startAfter) * (1 + drift);
      if (k2 >= changeAtSample) {
        k = k2;
      }
      if (k >= 0 && k < far.length - 1) {
        int a = (int) k;
        double[] c = FractionalDelay.coefficients(k - a);
        double v = 0;
        for (int t = 0; t < FractionalDelay.TAPS; t++) {
          int q = a - FractionalDelay.TAPS / 2 + 1 + t;
          v += q >= 0 && q < far.length ? c[t] * far[q] : 0;
        }
        speaker[i] = (float) Math.max(-clipAt * 32768, Math.min(clipAt * 32768, v));
      }
    }
    float[] echo = convolve(speaker, h);
    double nearGain = Math.pow(10, nearDbfs / 20) / dev.voicebridge.audio.PcmSamples.rms(nearSpeech);
    double echoGain = Math.pow(10, (nearDbfs + echoDb) / 20) * 32768 / activeRms(echo);
    float[] near = new float[n];
    for (int i = 0; i < nearSpeech.length && nearAtSample + i < n; i++) {
      near[(int) (nearAtSample + i)] = (float) (nearSpeech[i] * nearGain);
    }
    Random noise = new Random(5);
    double noiseRms = Math.pow(10, noiseDb / 20) * 32768;
    short[] mic = new short[n];
    for (int i = 0; i < n; i++) {
      echo[i] *= echoGain;
      double v = echo[i] + near[i] + noise.nextGaussian() * noiseRms;
      mic[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
    }

    EchoCancellation stage = EchoCancellation.create(settings);
    List<short[]> outs = new ArrayList<>();
    long[] outStart = {-1};
    List<double[]> echoDbs = new ArrayList<>();
    List<long[]> echoSpans = new ArrayList<>();
    // reference blocks: 10 ms of far each, played from playFromSample (the timestamps say so), written 40 ms early
    int block = (int) PcmSamples.msToSamples(10);
    int nextBlock = 0;
    boolean dry = false;
    int bursts = 0;
    long epoch = 1_000_000_000L;
    for (int f = 0; f * frameSamples < n; f++) {
      int from = f * frameSamples;
      int count = Math.min(frameSamples, n - from);
      long readNanos = epoch + (from + count) * NANOS_PER_SAMPLE + 2_000_000 + (f % 3) * 1_000_000;
      while (nextBlock * block < far.length) {
        double rate = driftVisible ? 1 + drift : 1;
        long playAt = epoch + Math.round((playFromSample + nextBlock * block / rate) * NANOS_PER_SAMPLE);
        if (playAt - 40_000_000 > readNanos) {
          break;
        }
        short[] pcm = Arrays.copyOfRange(far, nextBlock * block, Math.min(far.length, (nextBlock + 1) * block));
        nextBlock++;
        if (runsDryInSilence && isSilent(pcm)) {
          dry = true; // nothing played: the next block restarts the device
          continue;
        }
        boolean changed = (long) (nextBlock - 1) * block >= changeAtSample;
        if (changed && changeSeenAs == ChangeSeen.TIMESTAMPS) {
          playAt += (latencyAfterMs - latencyMs) * 1_000_000L;
        }
        boolean restarted = dry || nextBlock == 1
            || (long) (nextBlock - 1) * block == changeAtSample && changeSeenAs == ChangeSeen.RESTART;
        if (restarted && nextBlock > 1) {
          bursts++;
        }
        dry = false;
        long error = (bursts % 2 == 0 ? 1 : -1) * burstTimestampErrorMs * 1_000_000L;
        stage.reference(new PlaybackReference.Block(pcm, playAt + error, false, restarted));
      }
      stage.process(Arrays.copyOfRange(mic, from, from + count), count, from, readNanos,
          (samples, c, s, echoDb) -> {
            if (outStart[0] < 0) {
              outStart[0] = s;
            }
            outs.add(Arrays.copyOf(samples, c));
            echoSpans.add(new long[] {s, s + c});
            echoDbs.add(new double[] {echoDb});
          });
    }
    stage.flush((samples, c, s, echoDb) -> outs.add(Arrays.copyOf(samples, c)));
    int total = outs.stream().mapToInt(a -> a.length).sum();
    short[] out = new short[total];
    int at = 0;
    for (short[] o : outs) {
      System.arraycopy(o, 0, out, at, o.length);
      at += o.length;
    }
    double[] perSample = new double[n];
    Arrays.fill(perSample, Double.NaN);
    for (int k = 0; k < echoSpans.size(); k++) {
      for (long i = echoSpans.get(k)[0]; i < echoSpans.get(k)[1] && i < n; i++) {
        perSample[(int) i] = echoDbs.get(k)[0];
      }
    }
    return new Run(mic, echo, near, out, outStart[0], perSample, stage);
  }

  private static boolean isSilent(short[] pcm) {
    for (short v : pcm) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  private static float[] convolve(float[] x, float[] h) {
    Convolver c = new Convolver(h, 256);
    float[] y = new float[x.length];
    float[] in = new float[256];
    float[] out = new float[256];
    for (int i = 0; i < x.length; i += 256) {
      Arrays.fill(in, 0);
      System.arraycopy(x, i, in, 0, Math.min(256, x.length - i));
      c.process(in, out);
      System.arraycopy(out, 0, y, i, Math.min(256, x.length - i));
    }
    return y;
  }

  /** RMS over the samples above -60 dB of the peak (speech, not the pauses). */
  static double activeRms(float[] x) {
    double peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    double s = 0;
    int c = 0;
    for (float v : x) {
      if (Math.abs(v) > peak * 1e-3) {
        s += (double) v * v;
        c++;
      }
    }
    return Math.sqrt(s / Math.max(1, c));
  }
}
