package dev.voicebridge.listen.echo;

import dev.voicebridge.audio.PcmSamples;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link EchoPath} model right while the speaker plays: it remembers the recent microphone
 * audio and, twice a second (four times while the first lock is sought, ten times on the newest 200 ms
 * while a restarted burst is unconfirmed), measures the echo's lag against the reference
 * ({@link DelayEstimator}, GCC-PHAT) and hands the result to the path.
 * When the echo is no longer found near the model it has the path search again. Runs on the capture
 * thread, inside {@link EchoCancellation}, whose logger it uses.
 */
final class EchoLagTracker {

  private static final Logger LOG = LoggerFactory.getLogger(EchoCancellation.class);
  private static final int MEASURE_EVERY = (int) PcmSamples.msToSamples(500);
  /** While the latest burst's alignment is not confirmed (its first measurement), measure this often. */
  private static final int MEASURE_EVERY_UNCONFIRMED = (int) PcmSamples.msToSamples(250);
  /** ... and this often when it is a restart of a known path (measured on {@link #RESTART_WINDOW}). */
  private static final int MEASURE_EVERY_RESTART = (int) PcmSamples.msToSamples(100);
  /**
   * The window a restarted burst is measured on once the path is known: its newest 200 ms. A burst that
   * starts at a barge-in plays keep-alive silence for seconds before the next reply, and a window of the
   * usual second would be mostly that silence until the reply had played for half a second or more — all
   * the while with its echo uncancelled.
   */
  private static final int RESTART_WINDOW = (int) PcmSamples.msToSamples(200);
  /**
   * A sentence after this much silence is verified like a restart (measured on its newest 200 ms every
   * 100 ms, {@link ResidualEcho#suspect()} until then): the echo path may have moved while nothing played.
   */
  static final int ONSET_AFTER_SILENCE = (int) PcmSamples.msToSamples(400);
  /** A verifying measurement this close to the model confirms the alignment (samples). */
  private static final double VERIFIED_SAMPLES = PcmSamples.msToSamples(1);
  /** The shortest window worth measuring a burst on. */
  private static final int MIN_WINDOW = (int) PcmSamples.msToSamples(300);
  private static final int FFT_SIZE = 16384;
  /** Lags searched before the path is known: from slightly early to half a second late. */
  private static final int SEARCH_LO = (int) -PcmSamples.msToSamples(40);
  private static final int SEARCH_HI = (int) PcmSamples.msToSamples(460);
  /** Once locked, around the prediction. */
  private static final int TRACK_SPAN = (int) PcmSamples.msToSamples(40);
  private static final double MIN_CONFIDENCE = 7;
  /**
   * A weaker peak (the user talking over the sentence's start) still verifies a sentence after a pause when
   * it lies where the model says; anywhere else it counts for nothing.
   */
  private static final double VERIFY_CONFIDENCE = 4.5;
  private static final double MIN_REFERENCE_DB = -50;
  private static final int MIC_HISTORY = 1 << 15;
  /** Measurements in a row, with the speaker playing, that find no echo near the model before it searches again. */
  private static final int LOST_AFTER = 4;

  /** How close a new burst's echo must be to the model for its timestamps to be trusted. */
  private static final int LANDED_SAMPLES = (int) PcmSamples.msToSamples(3);
  /**
   * Bursts in a row that must land where expected before new ones are trusted without a measurement. One
   * was not enough on the CI's null sink: a restart landed 2.7 ms from the model, the next, trusted, 10 ms
   * off — the canceller added echo instead of removing it and the bridge interrupted itself.
   */
  private static final int TRUST_AFTER = 3;

  private final ReferenceTimeline timeline;
  private final EchoPath path;
  private final ResidualEcho residual;
  private final DelayEstimator estimator = new DelayEstimator(FFT_SIZE);
  private final float[] micHistory = new float[MIC_HISTORY];
  private final float[] micWindow = new float[FFT_SIZE];
  private final float[] refWindow = new float[FFT_SIZE];
  private long nextMeasurement;
  private int failedTracking;
  /** Bursts in a row whose echo was found where their timestamps put it (within {@link #LANDED_SAMPLES}). */
  private int landedAsAnnounced;
  /** Whether a sentence that started after a silence awaits a measurement of its alignment. */
  private boolean onsetUnverified;
  /** Measurements on short windows that found nothing while verifying it. */
  private int verifyMisses;
  /**
   * After this many, it is verified on the usual windows (the user talking over the sentence's start
   * hides a short window's peak): what the canceller leaves stays suspected until then.
   */
  private static final int VERIFY_MISSES = 4;

  EchoLagTracker(ReferenceTimeline timeline, EchoPath path, ResidualEcho residual) {
    this.timeline = timeline;
    this.path = path;
    this.residual = residual;
  }

  /** Remembers the microphone's {@code n} samples at capture index {@code m0}. */
  void heard(long m0, short[] mic, int n) {
    for (int j = 0; j < n; j++) {
      micHistory[(int) ((m0 + j) & (MIC_HISTORY - 1))] = mic[j];
    }
  }

  /** With the microphone processed up to {@code m}: measures the echo's lag when a measurement is due. */
  void measureIfDue(long m) {
    if (m >= nextMeasurement) {
      nextMeasurement = m + (burstConfirmed(m) && !verifyingOnShortWindows() ? MEASURE_EVERY
          : path.locked() ? MEASURE_EVERY_RESTART : MEASURE_EVERY_UNCONFIRMED);
      measureDelay(m);
    }
  }

  private boolean verifyingOnShortWindows() {
    return onsetUnverified && verifyMisses < VERIFY_MISSES;
  }

  /**
   * The speaker is heard again at {@code m} after at least {@link #ONSET_AFTER_SILENCE} of silence, in a
   * burst whose alignment was confirmed: what the canceller leaves is suspected until a measurement on the
   * new sentence finds the echo where the model puts it (or the model moves to where it is).
   */
  void onsetAfterSilence(long m) {
    if (path.locked() && !path.fixed() && burstConfirmed(m)) {
      if (!onsetUnverified) {
        LOG.debug("the speaker is heard again after a pause at {}: its echo path is verified before it is trusted", m);
      }
      onsetUnverified = true;
      verifyMisses = 0;
      residual.suspect();
      nextMeasurement = Math.min(nextMeasurement, m + MEASURE_EVERY_RESTART);
    }
  }

  /** The burst whose echo reaches the microphone at capture index {@code m}. */
  private long burstAt(long m) {
    return timeline.burstStart((long) (m - path.latency()));
  }

  /**
   * Whether the echo of the burst heard at {@code m} can be cancelled with the model as it is: it was found
   * where the model puts it, nothing played, or the speaker's timestamps have proved exact.
   */
  boolean burstConfirmed(long m) {
    long burst = burstAt(m);
    return burst == Long.MIN_VALUE || path.measured(burst) || path.fixed() || trustsNewBursts();
  }

  /**
   * Whether a new burst's echo can be expected where the model puts it (its timestamps and the shift
   * restarts have shown, {@link EchoPath}), without waiting for a measurement: the last burst landed within
   * 3 ms of that three times in a row. A sink whose timestamps are exact earns it after a few restarts,
   * and the canceller then cancels a new reply from its first frame instead of letting the bridge's voice
   * through while a measurement is made (150-200 ms on the CI's null sink, 0.5-0.7 s before restarts were
   * measured on short windows: the window in which stray words of the bridge passed for the user). A burst
   * found off the model withdraws the trust until three land again; timestamps that jitter by milliseconds
   * from one restart to the next never earn it, and every burst waits for its measurement.
   */
  boolean trustsNewBursts() {
    return path.locked() && landedAsAnnounced >= TRUST_AFTER;
  }

  /**
   * One GCC-PHAT measurement of the echo's lag over the most recent microphone audio ending at {@code m}.
   * The reference is read through the current model, so what is measured is the model's error (a sharp
   * peak near 0 once the drift is known: a drifting echo smears the correlation over the window); before
   * the path is locked, the whole range of plausible lags is searched.
   */
  private void measureDelay(long m) {
    boolean locked = path.locked();
    int lo = locked ? -TRACK_SPAN : SEARCH_LO;
    int hi = locked ? TRACK_SPAN : SEARCH_HI;
    long burst = burstAt((long) (m - MIN_WINDOW / 2.0));
    if (burst == Long.MIN_VALUE) {
      return;
    }
    boolean restart = locked && (!burstConfirmed(m) || verifyingOnShortWindows());
    // Only this burst's audio: the window starts no earlier than where its echo begins.
    int micLen = (int) Math.min(restart ? RESTART_WINDOW : FFT_SIZE - (hi - lo),
        m - Math.max(0, burst + (long) path.latency(burst)));
    if (micLen < (restart ? RESTART_WINDOW : MIN_WINDOW)) {
      return;
    }
    double center = m - micLen / 2.0;
    double latency = locked ? path.latency(burst) : 0;
    double drift = locked ? path.drift() : 0;
    double x = center - path.latency(burst) - burst;
    timeline.aligned(m - micLen - hi, refWindow, micLen + hi - lo, b -> latency, drift);
    if (activeShare(refWindow, hi, micLen) < 0.3) {
      return; // the speaker hardly played over this window: nothing to measure (and no failure)
    }
    for (int j = 0; j < micLen; j++) {
      micWindow[j] = micHistory[(int) ((m - micLen + j) & (MIC_HISTORY - 1))];
    }
    boolean verifying = onsetUnverified && locked;
    OptionalDouble error = estimator.estimate(micWindow, micLen, refWindow, lo, hi,
        verifying ? VERIFY_CONFIDENCE : MIN_CONFIDENCE);
    if (error.isPresent() && estimator.lastConfidence() < MIN_CONFIDENCE
        && Math.abs(error.getAsDouble()) > VERIFIED_SAMPLES) {
      error = OptionalDouble.empty();
    }
    if (error.isEmpty()) {
      LOG.debug("echo lag: no clear peak (confidence {}, {})", String.format("%.1f", estimator.lastConfidence()),
          locked ? "tracking" : "searching");
      // A short window (a restart's) finds no peak more often than a full one: it takes twice as many of
      // them to say the echo is lost; a miss while verifying a sentence after a pause (most likely the
      // user talking over its start) does not count.
      failedTracking += !restart ? 2 : verifying ? 0 : 1;
      verifyMisses += verifying && restart ? 1 : 0;
      if (locked && failedTracking >= 2 * LOST_AFTER) {
        LOG.info("the echo is no longer where it was: searching for it again");
        path.lost();
        residual.relearn();
        onsetUnverified = false;
        failedTracking = 0;
        landedAsAnnounced = 0;
      }
      return;
    }
    failedTracking = 0;
    boolean whereItWas = verifying && Math.abs(error.getAsDouble()) <= VERIFIED_SAMPLES;
    double lag = latency + drift * x + error.getAsDouble();
    boolean wasMeasured = path.measured(burst);
    double moved = path.add(new EchoPath.Measurement(burst, x, lag, estimator.lastConfidence()));
    if (!wasMeasured && path.measured(burst)) {
      boolean trusted = trustsNewBursts();
      if (!path.isMove(burst)) { // trust is about where restarts land
        landedAsAnnounced = Math.abs(moved) <= LANDED_SAMPLES ? landedAsAnnounced + 1 : 0;
      }
      if (!trusted) {
        residual.realigned(); // the reference was withheld until now: the canceller starts from its last filter
      } else if (Math.abs(moved) > PcmSamples.msToSamples(2)) {
        residual.relearn(); // trusted, but it landed off: what the canceller leaves is learnt again
      }
    } else if (Math.abs(moved) > PcmSamples.msToSamples(2)) {
      LOG.debug("the echo moved by {} ms: echo cancellation adapts again", String.format("%.1f", moved / 16));
      residual.relearn();
      onsetUnverified = false;
    }
    if (onsetUnverified) {
      if (!residual.suspected()) {
        onsetUnverified = false; // learnt again meanwhile (the burst realigned, or the echo moved)
      } else if (Math.abs(moved) > VERIFIED_SAMPLES / 4) {
        // it moved a little during the pause: the reference follows it, and what the canceller leaves with
        // the model moved is learnt again on a short window
        residual.realigned();
        onsetUnverified = false;
      } else if (whereItWas) {
        residual.verified(); // the echo is where it was: the canceller leaves what it left before the pause
        onsetUnverified = false;
        LOG.debug("after the pause the echo is where it was ({} samples off)",
            String.format("%.1f", error.getAsDouble()));
      }
    }
    LOG.debug("echo lag {} samples at position {} of burst {} (confidence {}, new bursts trusted: {}): "
        + "model latency {} samples, drift {} ppm",
        String.format("%.1f", lag), String.format("%.0f", x), burst, String.format("%.1f", estimator.lastConfidence()),
        trustsNewBursts(),
        String.format("%.1f", path.latency(burst)), String.format("%.0f", path.drift() * 1e6));
  }

  /** The share of 16 ms blocks of {@code x[from, from + n)} in which the reference is audible. */
  private static double activeShare(float[] x, int from, int n) {
    int block = 256;
    int active = 0;
    int blocks = 0;
    for (int b = from; b + block <= from + n; b += block) {
      double e = 0;
      for (int i = b; i < b + block; i++) {
        e += (double) x[i] * x[i];
      }
      blocks++;
      if (e > 0 && 10 * Math.log10(e / block) - 90.31 >= MIN_REFERENCE_DB) {
        active++;
      }
    }
    return blocks == 0 ? 0 : active / (double) blocks;
  }
}
