package dev.voicebridge.listen.echo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The echo path's timing: a sample placed at nominal position {@code x} of burst {@code b} (see
 * {@link ReferenceTimeline}) is heard {@code latency(b) + drift * x} samples later. The latency is whatever
 * the timestamps do not know (the sound server's buffers, which it may grow after an underrun, the capture
 * side's latency, the sound's way through the room) and it can step by milliseconds while the speaker
 * plays; the drift is the difference between the speaker's and the microphone's clocks (0.1 % on cheap
 * USB devices, which would slide the echo out of the canceller's reach by a millisecond a second).
 *
 * <p>Robust to the measurements' outliers (a reflection that won, the user's voice): a burst's latency is
 * the median of its last three measurements (drift removed), so one stray measurement changes nothing and
 * a real step is followed after two. The drift is only estimated from a burst measured over at least five
 * seconds, as the median of pairwise slopes (Theil–Sen: steps in the latency do not pass for drift), and
 * only believed when the measurements then fit within a few samples; until then it is zero. A burst's
 * latency is applied once two of its measurements agree, or at once when its first agrees with the latency
 * in use or is unmistakable; until then it takes the latest latency plus the restart shift: how much later
 * (or earlier) than its timestamps a restarted device has been heard, the median of the last three
 * restarts. A sound server flushed at a barge-in may restart a few milliseconds off its timestamps in the
 * same direction each time (one `bench duplex` run on PulseAudio's null sink: +7.9 and +7.4 ms over two
 * barge-ins); then a new burst's echo is expected where the last ones were found. In other runs the step
 * varied from one barge-in to the next (+16 then −18 ms): nothing to learn, and nothing is trusted.
 */
final class EchoPath {

  /** A measured lag at nominal position {@code x} of the burst starting at {@code burst}, with a weight. */
  record Measurement(long burst, double x, double lag, double weight) {
  }

  private static final int KEEP = 24;
  private static final double MAX_DRIFT = 0.003;
  private static final double AGREE_SAMPLES = 24;
  /** A measurement this confident (GCC-PHAT peak over the noise; the threshold is 7) is trusted alone. */
  static final double SURE_CONFIDENCE = 15;
  private static final double DRIFT_SPAN = 80_000;
  private static final int DRIFT_POINTS = 6;
  private static final double DRIFT_FIT_SAMPLES = 4;

  private final ArrayDeque<Measurement> recent = new ArrayDeque<>();
  private final Map<Long, Double> latencies = new HashMap<>();
  private final ArrayDeque<Double> restartShifts = new ArrayDeque<>();
  /**
   * Recent bursts placed where the speaker's timestamps said it had moved (not restarts), with the latency
   * expected for each until measured: the lag of the burst it continues, where it moved.
   */
  private final java.util.LinkedHashMap<Long, Double> moves = new java.util.LinkedHashMap<>();
  private final boolean fixed;
  private double restartShift;
  private double latency;
  private double drift;
  private boolean locked;
  private int restarts;

  /** @param known the latency is configured, not measured: it is trusted from the start */
  EchoPath(double initialLatency, boolean known) {
    this.latency = initialLatency;
    this.locked = known;
    this.fixed = known;
  }

  /** Whether the latency is configured ({@code aec.delayMs}): nothing is measured, every burst uses it. */
  boolean fixed() {
    return fixed;
  }

  /** The latency of the most recently measured burst (for new bursts, and for reports). */
  double latency() {
    return latency;
  }

  /**
   * The latency of the burst starting at {@code burst}: its own once measured, else the expected one (the
   * last measured burst's, plus the restart shift).
   */
  double latency(long burst) {
    Double measured = latencies.get(burst);
    if (measured != null) {
      return measured;
    }
    Double continued = moves.get(burst);
    return continued != null ? continued : latency + restartShift;
  }

  /**
   * The burst starting at {@code burst} is the speaker moving while it played on, placed where its
   * timestamps say ({@link ReferenceTimeline.Placement#MOVED}), continuing the burst {@code from} at its
   * position {@code x}: its echo is expected where that burst's was, and where it is found teaches nothing
   * about restarts (nor earns their timestamps trust).
   */
  void moved(long burst, long from, double x) {
    moves.put(burst, predict(from, x));
    while (moves.size() > 8) {
      moves.remove(moves.keySet().iterator().next());
    }
  }

  /** Whether the burst starting at {@code burst} is a move ({@link #moved}), not a restart. */
  boolean isMove(long burst) {
    return moves.containsKey(burst);
  }

  double drift() {
    return drift;
  }

  /** Whether the burst starting at {@code burst} has a measured latency of its own. */
  boolean measured(long burst) {
    return latencies.containsKey(burst);
  }

  /** Whether two measurements have agreed (until then, searches cover the whole lag range). */
  boolean locked() {
    return locked;
  }

  /** How often the echo was lost and searched for again. */
  int restarts() {
    return restarts;
  }

  /** The lag the model predicts at position {@code x} of burst {@code burst}. */
  double predict(long burst, double x) {
    return latency(burst) + drift * x;
  }

  /**
   * Measurements near the model stopped finding the echo (the sound server re-buffered a lot, the device
   * changed): search the whole range again, keeping the last latency until a new one is found.
   */
  void lost() {
    recent.clear();
    latencies.clear();
    locked = false;
    restarts++;
  }

  /**
   * Takes a measurement; returns how far (in samples) the predicted lag moved at its position, so the
   * caller can tell the residual-echo estimate that the canceller has to re-adapt.
   */
  double add(Measurement m) {
    double before = predict(m.burst(), m.x());
    boolean firstOfBurst = false;
    recent.addLast(m);
    while (recent.size() > KEEP) {
      recent.removeFirst();
    }
    List<Measurement> burst = recent.stream().filter(p -> p.burst() == m.burst()).toList();
    if (!latencies.containsKey(m.burst())) {
      // A burst's first latency (and the first lock of all) needs two measurements that agree: one alone,
      // on a short window at a reply's start, can be a reflection or the user, and applying it would
      // misalign a canceller that was working.
      // One is enough when it agrees with the latency in use (the speaker restarted where it was) or its
      // peak is unmistakable (measured on the room simulator: real echoes score 20-50, a stray peak 7-9).
      boolean asBefore = locked && Math.abs(latency(m.burst()) + drift * m.x() - m.lag()) <= AGREE_SAMPLES;
      boolean sure = locked && m.weight() >= SURE_CONFIDENCE;
      if (!asBefore && !sure
          && (burst.size() < 2 || Math.abs(burst.get(burst.size() - 2).lag() - m.lag()) > AGREE_SAMPLES)) {
        return 0;
      }
      firstOfBurst = locked; // a restart; the very first lock has nothing to be shifted from
      locked = true;
    }
    drift = estimateDrift().orElse(drift);
    double[] last = burst.subList(Math.max(0, burst.size() - 3), burst.size()).stream()
        .mapToDouble(p -> p.lag() - drift * p.x()).sorted().toArray();
    double value = median(last);
    if (firstOfBurst && !isMove(m.burst())) {
      learnRestartShift(value - latency);
    }
    latencies.put(m.burst(), value);
    latency = value;
    latencies.keySet().retainAll(recent.stream().map(Measurement::burst).toList());
    return predict(m.burst(), m.x()) - before;
  }

  /** A restarted burst was found {@code shift} samples from the latency of the burst before it. */
  private void learnRestartShift(double shift) {
    restartShifts.addLast(shift);
    while (restartShifts.size() > 3) {
      restartShifts.removeFirst();
    }
    restartShift = median(restartShifts.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Theil–Sen slope of the longest-measured burst, when it is long enough and fits well. */
  private java.util.OptionalDouble estimateDrift() {
    Map<Long, List<Measurement>> byBurst = new HashMap<>();
    recent.forEach(p -> byBurst.computeIfAbsent(p.burst(), b -> new ArrayList<>()).add(p));
    List<Measurement> best = null;
    for (List<Measurement> points : byBurst.values()) {
      double span = points.get(points.size() - 1).x() - points.get(0).x();
      if (points.size() >= DRIFT_POINTS && span >= DRIFT_SPAN && (best == null || points.size() > best.size())) {
        best = points;
      }
    }
    if (best == null) {
      return java.util.OptionalDouble.empty();
    }
    List<Double> slopes = new ArrayList<>();
    for (int i = 0; i < best.size(); i++) {
      for (int j = i + 1; j < best.size(); j++) {
        double dx = best.get(j).x() - best.get(i).x();
        if (dx > 8000) {
          slopes.add((best.get(j).lag() - best.get(i).lag()) / dx);
        }
      }
    }
    if (slopes.isEmpty()) {
      return java.util.OptionalDouble.empty();
    }
    double slope = median(slopes.stream().mapToDouble(Double::doubleValue).toArray());
    double[] residuals = best.stream().mapToDouble(p -> p.lag() - slope * p.x()).toArray();
    double center = median(residuals.clone());
    double spread = median(Arrays.stream(residuals).map(r -> Math.abs(r - center)).toArray());
    if (spread > DRIFT_FIT_SAMPLES) {
      return java.util.OptionalDouble.empty(); // steps or noise, not a clock running apart
    }
    return java.util.OptionalDouble.of(Math.max(-MAX_DRIFT, Math.min(MAX_DRIFT, slope)));
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
