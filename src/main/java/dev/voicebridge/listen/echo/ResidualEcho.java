package dev.voicebridge.listen.echo;

import java.util.Arrays;

/**
 * How loud the bridge's own voice still is after echo cancellation, predicted frame by frame from what the
 * speaker is playing: {@code reference envelope + gain}, where the gain (residual level relative to the
 * reference) is learnt from the canceller's own output. The envelope follows the reference up at once and
 * down no faster than a room lets sound die away, so reverberation is covered. The gain is a low
 * percentile of (output − envelope) over the last couple of seconds of playback: the user talking over the
 * bridge only raises the output, so the low percentile stays on the echo alone.
 *
 * <p>Until enough playback has been seen since the last {@link #relearn()} — at start, when the speaker
 * restarted (a new burst), or after the echo path moved — the gain is {@link #UNLEARNT_GAIN_DB}: the echo
 * is assumed as loud as what was played, so the bridge's voice cannot pass for the user's while the
 * canceller may not be doing its job. What it learns is what is left, whether the canceller works or not:
 * in a room where the speaker is barely heard, the gain it learns is low and barge-in works at once.
 */
final class ResidualEcho {

  static final double SILENT_DB = -70;
  static final double UNLEARNT_GAIN_DB = 6;
  private static final int WINDOW = 150;
  private static final int MIN_FRAMES = 40;
  /** After a realignment the filter is already converged: a few frames tell what it leaves. */
  private static final int REALIGNED_FRAMES = 12;
  private static final double PERCENTILE = 0.3;

  private final double decayPerFrameDb;
  private final double[] window = new double[WINDOW];
  private final double[] sorted = new double[WINDOW];
  private int count;
  private int next;
  private double envelope = -120;
  private double gain = UNLEARNT_GAIN_DB;
  private int minFrames = MIN_FRAMES;
  /** The gain learnt before a {@link #suspect()}, restored by {@link #verified()}; NaN when not suspected. */
  private double gainBeforeSuspicion = Double.NaN;

  /** @param frameMs the canceller's frame; the envelope falls 60 dB in {@code decayMs} */
  ResidualEcho(int frameMs, int decayMs) {
    this.decayPerFrameDb = 60.0 * frameMs / decayMs;
  }

  /**
   * One frame: the level of the aligned reference and of the canceller's output for the same samples
   * (dBFS). Returns the predicted residual echo level of that frame, or NaN when no echo is possible.
   */
  double frame(double referenceDb, double outputDb) {
    return frame(referenceDb, outputDb, true);
  }

  /**
   * One frame, learning from it only when {@code aligned}: while a new burst's echo has not been found
   * where the reference puts it, the echo may not have arrived yet where the reference already plays
   * (measured: a speaker restarting 150-200 ms later than the burst before), and frames of reference over
   * silence would teach a gain far too low — the echo, when it came, passed for the user. Until then the
   * gain stays where {@link #relearn()} left it.
   */
  double frame(double referenceDb, double outputDb, boolean aligned) {
    envelope = Math.max(referenceDb, envelope - decayPerFrameDb);
    if (envelope <= SILENT_DB) {
      return Double.NaN;
    }
    if (!aligned || suspected()) {
      return envelope + gain;
    }
    window[next] = outputDb - envelope;
    next = (next + 1) % WINDOW;
    count = Math.min(WINDOW, count + 1);
    if (count >= minFrames) {
      System.arraycopy(window, 0, sorted, 0, count);
      Arrays.sort(sorted, 0, count);
      gain = sorted[(int) (PERCENTILE * (count - 1))];
    }
    return envelope + gain;
  }

  /** The echo path changed: the canceller re-adapts, assume the worst until it has. */
  void relearn() {
    relearn(MIN_FRAMES);
  }

  /**
   * The reference was just aligned again with a measured echo (the speaker restarted): until then the
   * canceller was given silence, so it neither cancelled nor unlearnt anything, and what it leaves from
   * now on is what counts. A short window is enough to learn it.
   */
  void realigned() {
    relearn(REALIGNED_FRAMES);
  }

  /**
   * The speaker starts again after a silence long enough for the echo path to have moved unseen (a sound
   * server that underran, a capture that dropped samples: measured on the CI's null sink, sentences after
   * a pause whose first 200 ms the canceller did not cancel at all, or cancelled against a reference a few
   * samples off and added echo). Until a measurement has {@link #verified()} the alignment, the echo is
   * assumed as loud as what plays, as after a restart, and nothing is learnt; the learnt gain is kept.
   */
  void suspect() {
    if (!suspected()) {
      gainBeforeSuspicion = gain;
      gain = Math.max(gain, UNLEARNT_GAIN_DB);
    }
  }

  /** The echo was measured where the canceller expects it: what it leaves is what it left before. */
  void verified() {
    if (suspected()) {
      gain = gainBeforeSuspicion;
      gainBeforeSuspicion = Double.NaN;
    }
  }

  boolean suspected() {
    return !Double.isNaN(gainBeforeSuspicion);
  }

  private void relearn(int frames) {
    gainBeforeSuspicion = Double.NaN;
    count = 0;
    next = 0;
    gain = UNLEARNT_GAIN_DB;
    minFrames = frames;
  }

  /** The residual level relative to the reference now in use (dB). */
  double gainDb() {
    return gain;
  }

  boolean echoPossible() {
    return envelope > SILENT_DB;
  }
}
