package dev.voicebridge.listen.echo;

import dev.voicebridge.audio.CaptureProcessor;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.PlaybackReference;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.EchoStatus;
import dev.voicebridge.bus.SpeechInMessages.EchoStatusRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echo cancellation in the capture path: everything downstream (wake word, VAD, barge-in, speech-to-text)
 * hears the microphone with the bridge's own voice taken out. On the capture thread, per canceller frame:
 * <ol>
 *   <li>what the speaker played ({@code audio.reference}, placed on the capture timeline by
 *       {@link CaptureClock} and {@link ReferenceTimeline}) is read through the measured echo path
 *       ({@link EchoPath}: latency and clock drift), so it lines up with its echo;
 *   <li>speexdsp subtracts the echo it predicts and suppresses what is left ({@link SpeexEchoCanceller});
 *   <li>{@link ResidualEcho} predicts how loud the bridge's voice still is in the output, published with
 *       each frame ({@code echoDb}) so barge-in can tell the user from the echo during double talk.
 * </ol>
 * While nothing has played for a while the microphone signal passes unchanged (same delay), so speech
 * recognition hears exactly what it always heard when the bridge is silent. Twice a second while the
 * speaker plays, {@link EchoLagTracker} measures the echo's lag to keep the path model right.
 *
 * <p>Without libspeexdsp the same stage runs with no cancellation (one warning naming the package): the
 * residual-echo estimate then guards barge-in on the level of the raw echo.
 */
public final class EchoCancellation implements CaptureProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(EchoCancellation.class);
  /**
   * The reference leads its echo by this much: the adaptive filter can only model what comes after, and a
   * sound server that shortens its latency by a few milliseconds must not put the echo before its cause.
   */
  private static final double LEAD_SAMPLES = PcmSamples.msToSamples(8);

  private final EchoSettings settings;
  private final EchoCanceller canceller;
  private final int frame;
  private final int delay;
  private final ConcurrentLinkedQueue<PlaybackReference.Block> incoming = new ConcurrentLinkedQueue<>();
  private final CaptureClock clock = new CaptureClock();
  private final ReferenceTimeline timeline = new ReferenceTimeline();
  private final EchoPath path;
  private final ResidualEcho residual;
  private final EchoLagTracker lag;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private final short[] pending;
  private int pendingCount;
  private boolean previousWithheld;
  private long pendingStart = -1;
  private final short[] mic;
  private final short[] ref;
  private final float[] refAligned;
  private final short[] cancelled;
  private final short[] previousRaw;
  private double previousRefDb = -120;
  /** How long the reference the microphone hears has been silent (samples). */
  private long quietSamples;
  private boolean echoMode;
  private long processedUntil;
  private short[] outBuffer = new short[0];
  private int outCount;
  private long outStart = -1;
  private double outEchoDb = Double.NaN;
  private MessageConsumer<?> referenceConsumer;
  private MessageConsumer<?> statusService;

  // statistics (written by the capture thread, read by the status request)
  private volatile EchoStatus status;
  private long cpuNanos;
  private long samplesProcessed;
  private double echoMicEnergy;
  private double echoOutEnergy;

  private EchoCancellation(EchoSettings settings, EchoCanceller canceller) {
    this.settings = settings;
    this.canceller = canceller;
    this.frame = canceller.frameSamples();
    this.delay = canceller.delaySamples();
    this.path = new EchoPath(settings.measureDelay() ? 0 : PcmSamples.msToSamples(settings.delayMs()),
        !settings.measureDelay());
    this.residual = new ResidualEcho(settings.cancellerFrameMs(), 300);
    this.lag = new EchoLagTracker(timeline, path, residual);
    this.pending = new short[frame];
    this.mic = new short[frame];
    this.ref = new short[frame];
    this.refAligned = new float[frame];
    this.cancelled = new short[frame];
    this.previousRaw = new short[frame];
    this.status = new EchoStatus(canceller.name(), false, 0, 0, false, 0, ResidualEcho.UNLEARNT_GAIN_DB, 0, 0, 0);
  }

  /**
   * The stage as configured: speexdsp when enabled and installed; otherwise no cancellation, with one
   * warning saying why and what to install.
   */
  public static EchoCancellation create(EchoSettings settings) {
    int frameSamples = settings.cancellerFrameMs() * PcmSamples.SAMPLES_PER_MS;
    if (!settings.enabled()) {
      LOG.info("echo cancellation is off (aec.enabled=false): barge-in is guarded by the echo's level only");
      return new EchoCancellation(settings, new PassThroughCanceller(frameSamples));
    }
    var problem = SpeexDsp.load(settings.library());
    if (problem.isPresent()) {
      LOG.warn("echo cancellation is off: {}. Until then the bridge may hear itself: barge-in is guarded by the "
          + "echo's level only; use headphones or a lower volume.", problem.get());
      return new EchoCancellation(settings, new PassThroughCanceller(frameSamples));
    }
    return new EchoCancellation(settings, new SpeexEchoCanceller(settings.cancellerFrameMs(), settings.tailMs(),
        settings.noiseSuppressDb(), settings.echoSuppressDb(), settings.echoSuppressActiveDb()));
  }

  /** The canceller in use: speexdsp, or none. */
  public String engine() {
    return canceller.name();
  }

  /** What the speaker played (from {@code audio.reference}); any thread. */
  void reference(PlaybackReference.Block block) {
    incoming.add(block);
  }

  /** The latest statistics. */
  EchoStatus status() {
    return status;
  }

  @Override
  public void start(Vertx vertx) {
    referenceConsumer = PlaybackReference.consume(vertx.eventBus(), this::reference);
    statusService = Bus.serve(vertx.eventBus(), Addresses.AEC_STATUS, EchoStatusRequest.class,
        r -> Future.succeededFuture(status));
    LOG.info("echo cancellation: {} (tail {} ms, delay {})", canceller.name(), settings.tailMs(),
        settings.measureDelay() ? "measured" : settings.delayMs() + " ms");
  }

  @Override
  public void process(short[] samples, int count, long startSample, long readNanos, Output out) {
    long cpu0 = threads.getCurrentThreadCpuTime();
    clock.frame(startSample + count, readNanos);
    takeReference();
    if (pendingStart >= 0 && startSample != pendingStart + pendingCount) {
      pendingCount = 0; // a gap in the input: positions restart
      pendingStart = -1;
    }
    int i = 0;
    while (i < count) {
      if (pendingCount == 0) {
        pendingStart = startSample + i;
      }
      int take = Math.min(frame - pendingCount, count - i);
      System.arraycopy(samples, i, pending, pendingCount, take);
      pendingCount += take;
      i += take;
      if (pendingCount == frame) {
        processFrame(pendingStart);
        pendingCount = 0;
      }
    }
    emit(out);
    cpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
    samplesProcessed += count;
  }

  @Override
  public void flush(Output out) {
    long realEnd = pendingCount > 0 ? pendingStart + pendingCount : processedUntil;
    if (pendingCount > 0) {
      java.util.Arrays.fill(pending, pendingCount, frame, (short) 0);
      processFrame(pendingStart);
      pendingCount = 0;
    }
    if (delay > 0 && processedUntil > 0) {
      java.util.Arrays.fill(pending, (short) 0); // one frame of silence pushes out the frame held back
      processFrame(processedUntil);
    }
    if (outStart >= 0) {
      outCount = (int) Math.max(0, Math.min(outCount, realEnd - outStart));
    }
    emit(out);
  }

  @Override
  public void close() {
    if (referenceConsumer != null) {
      referenceConsumer.unregister();
    }
    if (statusService != null) {
      statusService.unregister();
    }
    canceller.close();
  }

  // ---- per frame -------------------------------------------------------------------------------------

  private void takeReference() {
    PlaybackReference.Block b;
    while ((b = incoming.poll()) != null) {
      if (!clock.settled()) {
        continue; // placed now, it could land as far off as the capture backlog is long (CaptureClock)
      }
      if (b.cut()) {
        timeline.cut(clock.index(b.nanos()));
      } else {
        long at = clock.index(b.nanos());
        long end = timeline.end();
        ReferenceTimeline.Placement placed = timeline.place(b.samples(), at, b.gap());
        if (placed != ReferenceTimeline.Placement.CONTINUED) {
          // The device restarted (after a barge-in, or it ran dry) or moved: unless its timestamps have
          // proved exact, its echo may be a few ms from where they put it until a measurement confirms it,
          // so what is left of it is learnt again, assuming the worst. Not while no echo path is locked:
          // nothing is aligned then, what is left is the raw echo, and a restart or a move changes nothing
          // of it (in a room where the echo is never found, each move made barge-in wait 0.6 s for nothing).
          if (path.locked() && !lag.trustsNewBursts()) {
            residual.relearn();
          }
          if (placed == ReferenceTimeline.Placement.MOVED) {
            long movedStart = timeline.burstStart(timeline.end() - 1);
            long from = timeline.lastMovedBurst();
            path.moved(movedStart, from, movedStart - timeline.lastMove() - from);
            LOG.debug("the speaker moved by {} ms (its timestamps agree): its echo is measured again",
                String.format("%.1f", timeline.lastMove() / (double) PcmSamples.SAMPLES_PER_MS));
          } else {
            LOG.debug("playback burst starts at {} ({} ms after the previous end)", at,
                end == Long.MIN_VALUE ? "-" : (at - end) / PcmSamples.SAMPLES_PER_MS);
          }
        }
      }
    }
  }

  /** The canceller frame of microphone samples at {@code m0} (in {@link #pending}). */
  private void processFrame(long m0) {
    System.arraycopy(pending, 0, mic, 0, frame);
    lag.heard(m0, mic, frame);
    double energy = timeline.aligned(m0, refAligned, frame, b -> path.latency(b) - LEAD_SAMPLES, path.drift());
    // While a new burst's alignment is unconfirmed (the device restarted after a barge-in, a few ms off),
    // the canceller is given silence as its reference: it cancels nothing for those few hundred ms, but
    // neither does it adapt its filter to a misaligned reference it would then have to unlearn for seconds.
    boolean withhold = path.locked() && !lag.burstConfirmed(m0);
    for (int j = 0; j < frame; j++) {
      ref[j] = withhold ? 0 : (short) Math.max(-32768, Math.min(32767, Math.round(refAligned[j])));
    }
    double refDb = energy <= 0 ? -120 : 10 * Math.log10(energy / frame) - 20 * Math.log10(32768);
    if (refDb > ResidualEcho.SILENT_DB) {
      if (quietSamples >= EchoLagTracker.ONSET_AFTER_SILENCE) {
        lag.onsetAfterSilence(m0);
      }
      quietSamples = 0;
    } else {
      quietSamples += frame;
    }
    canceller.cancel(mic, ref, cancelled);
    // The canceller's output is `delay` samples late: it belongs with the previous frame's raw samples
    // and reference level when delay is one frame, with this frame's when there is no delay.
    short[] raw = delay == 0 ? mic : previousRaw;
    double pairedRefDb = delay == 0 ? refDb : previousRefDb;
    boolean pairedAligned = !(delay == 0 ? withhold : previousWithheld);
    long outAt = m0 - delay;
    double outDb = PcmSamples.rmsDbfs(cancelled, 0, frame);
    double echoDb = residual.frame(pairedRefDb, outDb, pairedAligned);
    boolean echo = !Double.isNaN(echoDb);
    if (echo) {
      echoMicEnergy += energyOf(raw);
      echoOutEnergy += energyOf(cancelled);
    }
    if (outAt >= 0) {
      append(echo ? cancelled : raw, echo != echoMode ? (echo ? raw : cancelled) : null, outAt, echoDb);
    }
    echoMode = echo;
    System.arraycopy(mic, 0, previousRaw, 0, frame);
    previousRefDb = refDb;
    previousWithheld = withhold;
    processedUntil = m0 + frame;
    if (settings.measureDelay()) {
      lag.measureIfDue(processedUntil);
    }
  }

  private static double energyOf(short[] s) {
    double e = 0;
    for (short v : s) {
      e += (double) v * v;
    }
    return e;
  }

  /** Adds a frame to the output, cross-fading from {@code from} when the mode just changed (no click). */
  private void append(short[] frameOut, short[] from, long at, double echoDb) {
    if (outStart < 0) {
      outStart = at;
    }
    if (outCount + frame > outBuffer.length) {
      outBuffer = java.util.Arrays.copyOf(outBuffer, Math.max(outCount + frame, outBuffer.length * 2));
    }
    for (int j = 0; j < frame; j++) {
      double w = from == null ? 1 : (j + 1) / (double) frame;
      outBuffer[outCount + j] = (short) Math.round(w * frameOut[j] + (from == null ? 0 : (1 - w) * from[j]));
    }
    outCount += frame;
    if (!Double.isNaN(echoDb)) {
      outEchoDb = Double.isNaN(outEchoDb) ? echoDb : Math.max(outEchoDb, echoDb);
    }
  }

  private void emit(Output out) {
    if (outCount > 0) {
      out.frame(outBuffer, outCount, outStart, outEchoDb);
    }
    outCount = 0;
    outStart = -1;
    outEchoDb = Double.NaN;
    updateStatus();
  }

  private void updateStatus() {
    double erle = echoOutEnergy > 0 && echoMicEnergy > 0 ? 10 * Math.log10(echoMicEnergy / echoOutEnergy) : 0;
    double audioSeconds = samplesProcessed / (double) PcmSamples.RATE;
    status = new EchoStatus(canceller.name(), residual.echoPossible(),
        path.latency() / PcmSamples.SAMPLES_PER_MS, path.drift() * 1e6, path.locked(), path.restarts(),
        residual.gainDb(), erle, audioSeconds, audioSeconds > 0 ? cpuNanos / 1e9 / audioSeconds : 0);
  }
}
