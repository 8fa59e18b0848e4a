package dev.voicebridge.bench.room;

/**
 * What the loudspeaker emits, sample by sample in the simulator's time: the room simulator pulls it once
 * per tick. Two sources: the real playback path (the PulseAudio null sink's monitor) or a model of the
 * speaker fed by the bridge's own playback tap.
 */
public interface SpeakerOutput extends AutoCloseable {

  /** Starts delivering; {@code startNanos} is the simulator's time zero (sample 0). */
  void start(long startNanos);

  /** The speaker's output for simulator samples {@code [from, from + n)} into {@code out}. */
  void read(long from, float[] out, int n);

  /**
   * How much later the room hears the speaker's output than the speaker played it (a cushion for a source
   * that delivers in bursts), so that "when did the speaker fall silent" can be told in the speaker's time.
   */
  default long delaySamples() {
    return 0;
  }

  /** Trouble the source had delivering the speaker's output in time (for the run's notes), or empty. */
  default String problems() {
    return "";
  }

  /** What the source is, for reports. */
  String describe();

  @Override
  void close();
}
