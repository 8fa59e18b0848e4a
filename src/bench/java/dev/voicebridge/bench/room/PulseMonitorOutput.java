package dev.voicebridge.bench.room;

import dev.voicebridge.audio.PcmSamples;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The real playback path: what the bridge played into a PulseAudio sink, captured back from the sink's
 * monitor with {@code parec} at 16 kHz mono. The monitor delivers in bursts, but its samples are evenly
 * spaced in the sink's time, which on a null sink is the host's clock: sample {@code j} was played at
 * {@code anchor + j / 16 kHz}, the anchor being the earliest arrival seen in the first 1.5 s (deliveries
 * are only ever late; it is then kept, so that the echo's timing does not move with later estimates).
 * The room takes, for each of its samples, the monitor sample played {@link #BUFFER_MS} earlier — a fixed
 * cushion that absorbs the bursts — so the echo is the speaker's output with its real timing, only shifted
 * by a constant the echo canceller measures like any other latency. {@link #delaySamples()} says how much,
 * so a measurement of when the speaker fell silent can take it off.
 */
public final class PulseMonitorOutput implements SpeakerOutput {

  private static final int RING = 1 << 18;
  static final int BUFFER_MS = 80;
  private static final long NANOS_PER_SAMPLE = 62_500;

  private final String source;
  private final Map<String, String> environment;
  private final short[] ring = new short[RING];
  private volatile long written;
  private volatile long anchorNanos = Long.MAX_VALUE;
  private long firstArrival;
  private volatile long dropped;
  /** A delivery this much later than the anchor says means samples were lost, not merely late. */
  private static final long LOST_NANOS = 60_000_000L;
  /** How long the anchor is searched for; the room needs to be started this long before anyone speaks. */
  public static final long SETTLE_NANOS = 1_500_000_000L;
  private long simulatorStart;
  private Process parec;
  private Thread reader;
  private volatile long missing;

  /** @param source the monitor source, e.g. {@code vsink.monitor}; the environment reaches the server (PULSE_SERVER) */
  public PulseMonitorOutput(String source, Map<String, String> environment) {
    this.source = source;
    this.environment = environment;
  }

  @Override
  public void start(long startNanos) {
    this.simulatorStart = startNanos;
    try {
      ProcessBuilder pb = new ProcessBuilder("parec", "--device=" + source, "--rate=16000", "--channels=1",
          "--format=s16le", "--latency-msec=20", "--raw").redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(environment);
      parec = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("parec (pulseaudio-utils) is needed to hear the speaker: " + e.getMessage(), e);
    }
    InputStream in = parec.getInputStream();
    reader = new Thread(() -> read(in), "room-monitor");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(InputStream in) {
    byte[] b = new byte[640];
    int odd = -1;
    try {
      int n;
      while ((n = in.read(b)) > 0) {
        int i = 0;
        if (odd >= 0) {
          store((short) ((odd & 0xff) | (b[0] << 8)));
          i = 1;
          odd = -1;
        }
        for (; i + 1 < n; i += 2) {
          store((short) ((b[i] & 0xff) | (b[i + 1] << 8)));
        }
        if (i < n) {
          odd = b[i];
        }
        long now = System.nanoTime();
        if (firstArrival == 0) {
          firstArrival = now;
        }
        long anchor = now - written * NANOS_PER_SAMPLE;
        if (now - firstArrival < SETTLE_NANOS) {
          if (anchor < anchorNanos) {
            anchorNanos = anchor; // the earliest arrival while settling; then fixed, so the echo's timing is too
          }
        } else if (anchor - anchorNanos > LOST_NANOS) {
          // The server dropped monitor data (the reader fell behind): what arrives now was played later than
          // its sample count says. Silence stands in for what was lost, so the count matches time again.
          long lost = (anchor - anchorNanos) / NANOS_PER_SAMPLE;
          for (long k = 0; k < lost; k++) {
            store((short) 0);
          }
          dropped += lost;
        }
      }
    } catch (IOException e) {
      // parec ended
    }
  }

  private void store(short s) {
    ring[(int) (written & (RING - 1))] = s;
    written++;
  }

  @Override
  public void read(long from, float[] out, int n) {
    long anchor = anchorNanos;
    long available = written;
    for (int i = 0; i < n; i++) {
      long hostNanos = simulatorStart + (from + i) * NANOS_PER_SAMPLE;
      long j = anchor == Long.MAX_VALUE ? -1
          : (hostNanos - anchor) / NANOS_PER_SAMPLE - PcmSamples.msToSamples(BUFFER_MS);
      if (j >= 0 && j < available && available - j < RING) {
        out[i] = ring[(int) (j & (RING - 1))];
      } else {
        out[i] = 0;
        if (j >= available) {
          missing++;
        }
      }
    }
  }

  @Override
  public long delaySamples() {
    return PcmSamples.msToSamples(BUFFER_MS);
  }

  /** Samples the sound server dropped on the monitor stream, replaced by silence (should stay 0). */
  public long dropped() {
    return dropped;
  }

  /** Samples the room needed before the monitor had delivered them (should stay 0). */
  public long missing() {
    return missing;
  }

  @Override
  public String problems() {
    return dropped == 0 && missing == 0 ? "" : String.format("the monitor lost %.0f ms and was late for %.0f ms of the "
        + "speaker's output (silence stood in)", dropped / 16.0, missing / 16.0);
  }

  @Override
  public String describe() {
    return "PulseAudio monitor " + source;
  }

  @Override
  public void close() {
    if (parec != null) {
      parec.destroy();
    }
  }
}
