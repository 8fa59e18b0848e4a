package dev.voicebridge.bench.room;

import dev.voicebridge.audio.PcmSamples;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A room in real time, as the bridge's microphone hears it: the user's speech (scheduled utterances), plus
 * the echo of what the loudspeaker really emits ({@link SpeakerOutput}) — optionally clipped as a small
 * speaker distorts, convolved with a room impulse response, at a gain relative to the user — plus
 * background noise. Every 8 ms it writes the next 128 samples (PCM16 LE, 16 kHz mono) to the microphone
 * stream, which the bridge reads as its stdin: the same capture path as a pipe from {@code arecord}.
 *
 * <p>Everything it mixed is recorded, sample-aligned with what it wrote (sample {@code i} of the stream is
 * the bridge's capture position {@code i}): the user alone, the echo alone, the speaker's output. That is
 * the ground truth for what the user experiences — when they started to speak, when the speaker went
 * silent — and for the echo canceller's ERLE.
 */
public final class RoomSimulator implements AutoCloseable {

  public static final int TICK = 128;
  private static final long TICK_NANOS = TICK * 62_500L;

  /**
   * The room: echo level at the microphone relative to the user's speech (dB; NaN = no echo at all), the
   * reverberation time, the direct path's delay, the speaker's clipping point (fraction of full scale; 1 =
   * clean) and how hard it is driven into it (dB), the noise (none, pink, babble) and its level below the
   * user (SNR, dB), and the user's speech level (dBFS RMS).
   */
  public record Room(double echoDb, int rt60Ms, int directMs, double clipAt, double driveDb, String noise, double snrDb,
      double userDbfs) {

    public static Room quiet(double echoDb, int rt60Ms) {
      return new Room(echoDb, rt60Ms, 10, 1.0, 0, "pink", 20, -26);
    }

    public Room clipped() {
      return new Room(echoDb, rt60Ms, directMs, 0.5, 6, noise, snrDb, userDbfs);
    }

    public String describe() {
      return (Double.isNaN(echoDb) ? "no echo" : String.format("echo %+.0f dB", echoDb)) + ", RT60 " + rt60Ms + " ms"
          + (clipAt < 1 ? String.format(", clipped at %.1f FS", clipAt) : "") + ", " + noise
          + (noise.equals("none") ? "" : String.format(" noise at %.0f dB SNR", snrDb));
    }
  }

  /** A scheduled utterance of the user. */
  public record Utterance(String text, long startSample, long endSample) {
  }

  private record Scheduled(Utterance utterance, float[] samples) {
  }

  private final Room room;
  private final SpeakerOutput speaker;
  private final OutputStream micOut;
  private final double echoGain;
  private final double drive;
  private final Convolver convolver;
  private final NoiseSource noise;
  private final List<Scheduled> schedule = new ArrayList<>();
  private final Recording recording = new Recording();
  private Thread thread;
  private volatile boolean running;
  private volatile long position;
  private long startNanos;
  private volatile IOException failure;

  /**
   * @param referenceDbfs active speech level of what the speaker plays (the synthesiser's), to set the echo gain
   * @param micOut        the bridge's microphone: its stdin
   */
  public RoomSimulator(Room room, SpeakerOutput speaker, double referenceDbfs, OutputStream micOut, long seed) {
    this.room = room;
    this.speaker = speaker;
    this.micOut = micOut;
    this.drive = Math.pow(10, room.driveDb() / 20);
    this.echoGain = Double.isNaN(room.echoDb()) ? 0
        : Math.pow(10, (room.userDbfs() + room.echoDb() - referenceDbfs - (room.clipAt() < 1 ? 0 : room.driveDb())) / 20);
    this.convolver = new Convolver(RoomImpulseResponse.create(room.directMs(), room.rt60Ms(), 3, seed), TICK);
    this.noise = NoiseSource.of(room.noise(), room.userDbfs() - room.snrDb(), seed + 1);
  }

  public Room room() {
    return room;
  }

  /** Starts the clock: sample 0 is now. */
  public void start() {
    running = true;
    startNanos = System.nanoTime();
    speaker.start(startNanos);
    thread = new Thread(() -> {
      try {
        loop();
      } catch (RuntimeException e) {
        failure = new IOException("the room simulator failed: " + e, e);
        running = false;
      }
    }, "room-simulator");
    thread.setDaemon(true);
    thread.start();
  }

  /** The simulator's sample at {@link System#nanoTime()} {@code nanos}. */
  public long sampleAt(long nanos) {
    return (nanos - startNanos) / 62_500;
  }

  /** Samples written so far (the present). */
  public long position() {
    return position;
  }

  /** The user says {@code speech} (16 kHz PCM) starting at sample {@code at}, at the room's user level. */
  public Utterance say(String text, short[] speech, long at) {
    double sum = 0;
    int active = 0;
    for (short s : speech) {
      if (Math.abs(s) > 64) {
        sum += (double) s * s;
        active++;
      }
    }
    double gain = Math.pow(10, room.userDbfs() / 20) * 32768 / Math.sqrt(sum / Math.max(1, active));
    float[] scaled = new float[speech.length];
    for (int i = 0; i < speech.length; i++) {
      scaled[i] = (float) (speech[i] * gain);
    }
    Utterance u = new Utterance(text, at, at + speech.length);
    synchronized (schedule) {
      schedule.add(new Scheduled(u, scaled));
    }
    return u;
  }

  public List<Utterance> utterances() {
    synchronized (schedule) {
      return schedule.stream().map(Scheduled::utterance).toList();
    }
  }

  public Recording recording() {
    return recording;
  }

  /** Trouble the speaker source had (see {@link SpeakerOutput#problems()}). */
  public String speakerProblems() {
    return speaker.problems();
  }

  /** How much later the room hears the speaker than it played (see {@link SpeakerOutput#delaySamples()}). */
  public long speakerDelaySamples() {
    return speaker.delaySamples();
  }

  private void loop() {
    float[] speakerOut = new float[TICK];
    float[] echo = new float[TICK];
    float[] user = new float[TICK];
    float[] mic = new float[TICK];
    byte[] bytes = new byte[2 * TICK];
    long tick = 0;
    while (running) {
      long due = startNanos + (tick + 1) * TICK_NANOS;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
        continue;
      }
      long from = tick * TICK;
      speaker.read(from, speakerOut, TICK);
      float[] driven = new float[TICK];
      double limit = room.clipAt() * 32768;
      for (int i = 0; i < TICK; i++) {
        double v = room.clipAt() < 1 ? speakerOut[i] * drive : speakerOut[i];
        driven[i] = (float) Math.max(-limit, Math.min(limit, v));
      }
      convolver.process(driven, echo);
      Arrays.fill(user, 0);
      synchronized (schedule) {
        for (Scheduled s : schedule) {
          long a = Math.max(from, s.utterance().startSample());
          long b = Math.min(from + TICK, s.utterance().endSample());
          for (long t = a; t < b; t++) {
            user[(int) (t - from)] += s.samples()[(int) (t - s.utterance().startSample())];
          }
        }
      }
      Arrays.fill(mic, 0);
      noise.addTo(mic, TICK);
      for (int i = 0; i < TICK; i++) {
        echo[i] *= (float) echoGain;
        mic[i] += user[i] + echo[i];
        int s = Math.max(-32768, Math.min(32767, Math.round(mic[i])));
        bytes[2 * i] = (byte) s;
        bytes[2 * i + 1] = (byte) (s >> 8);
      }
      recording.append(mic, user, echo, speakerOut);
      try {
        micOut.write(bytes);
        micOut.flush();
      } catch (IOException e) {
        failure = e;
        running = false;
      }
      tick++;
      position = tick * TICK;
    }
  }

  /** Why the microphone stream broke (the bridge went away), if it did. */
  public IOException failure() {
    return failure;
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    speaker.close();
    try {
      micOut.close();
    } catch (IOException e) {
      // the bridge may have gone already
    }
  }

  /** The mixed signals so far, sample-aligned with the microphone stream. */
  public static final class Recording {
    private float[] mic = new float[1 << 16];
    private float[] user = new float[1 << 16];
    private float[] echo = new float[1 << 16];
    private float[] speaker = new float[1 << 16];
    private int length;

    synchronized void append(float[] m, float[] u, float[] e, float[] s) {
      if (length + m.length > mic.length) {
        int size = mic.length * 2;
        mic = Arrays.copyOf(mic, size);
        user = Arrays.copyOf(user, size);
        echo = Arrays.copyOf(echo, size);
        speaker = Arrays.copyOf(speaker, size);
      }
      System.arraycopy(m, 0, mic, length, m.length);
      System.arraycopy(u, 0, user, length, u.length);
      System.arraycopy(e, 0, echo, length, e.length);
      System.arraycopy(s, 0, speaker, length, s.length);
      length += m.length;
    }

    public synchronized int length() {
      return length;
    }

    public synchronized float[] mic() {
      return Arrays.copyOf(mic, length);
    }

    public synchronized float[] user() {
      return Arrays.copyOf(user, length);
    }

    public synchronized float[] echo() {
      return Arrays.copyOf(echo, length);
    }

    public synchronized float[] speaker() {
      return Arrays.copyOf(speaker, length);
    }

    /** Level (dBFS) of what the speaker played over the last {@code ms} recorded. */
    public synchronized double recentSpeakerDb(int ms) {
      return levelDb(speaker, length - PcmSamples.msToSamples(ms), length);
    }

    /** Level (dBFS) of {@code signal} over [from, to). */
    public static double levelDb(float[] signal, long from, long to) {
      double sum = 0;
      long n = 0;
      for (long i = Math.max(0, from); i < Math.min(signal.length, to); i++) {
        sum += (double) signal[(int) i] * signal[(int) i];
        n++;
      }
      return n == 0 || sum <= 0 ? -120 : 10 * Math.log10(sum / n) - 20 * Math.log10(32768);
    }

    /**
     * The first sample at or after {@code from} from which {@code signal} stays below {@code thresholdDbfs}
     * (in 10 ms windows) for at least {@code holdMs}; -1 if it never does.
     */
    public static long silentFrom(float[] signal, long from, double thresholdDbfs, int holdMs) {
      int window = (int) PcmSamples.msToSamples(10);
      long hold = PcmSamples.msToSamples(holdMs);
      long quietSince = -1;
      for (long t = Math.max(0, from); t + window <= signal.length; t += window) {
        boolean quiet = levelDb(signal, t, t + window) < thresholdDbfs;
        if (quiet) {
          if (quietSince < 0) {
            quietSince = t;
          }
          if (t + window - quietSince >= hold) {
            return quietSince;
          }
        } else {
          quietSince = -1;
        }
      }
      return -1;
    }
  }
}
