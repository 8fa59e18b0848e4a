package dev.voicebridge.audio;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.DeviceMessages.AudioLevel;
import dev.voicebridge.bus.DeviceMessages.MuteRequest;
import dev.voicebridge.bus.DeviceMessages.MuteState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the configured source (microphone, WAV file or stdin) on a thread of its own (reads block) and
 * publishes {@code audio.frame} messages of {@code audio.frameMs}. Files and stdin are paced in real time
 * when {@code audio.input.realtime} is set, else read as fast as the consumers take them.
 *
 * <p>A microphone that cannot be opened is not fatal: one warning names the problem and the devices there
 * are, the rest of the bridge keeps running (text chat, push-to-talk from other programs), and the device
 * is tried again every {@code audio.input.retryMs} quietly, so a USB microphone plugged in later works.
 *
 * <p>It also publishes the microphone's level ({@code audio.level}, about ten a second) and serves
 * {@code audio.mute}: a muted microphone is still read (so nothing backs up in the device and the timeline
 * stays whole) but silence is published in its place — the listener then hears a silent room, and an
 * utterance that was open ends as it would in one.
 */
public final class AudioCaptureVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AudioCaptureVerticle.class);

  /** How the input ended, for commands that wait for a file to be consumed. */
  public record Ended(long samples, String reason) {
  }

  private final CaptureSettings settings;
  private final Supplier<InputStream> stdin;
  private final Supplier<CaptureProcessor> processorFactory;
  private CaptureProcessor processor = CaptureProcessor.NONE;
  private final Promise<Ended> ended = Promise.promise();
  private volatile boolean running;
  private volatile AudioSource current;
  private Thread thread;
  private volatile boolean muted;
  /** About ten readings a second: enough for a meter to look alive, a few small messages on the bus. */
  private final LevelMeter level = new LevelMeter(LEVEL_WINDOW_MS);
  static final int LEVEL_WINDOW_MS = 96;

  public AudioCaptureVerticle(CaptureSettings settings) {
    this(settings, () -> System.in, () -> CaptureProcessor.NONE);
  }

  public AudioCaptureVerticle(CaptureSettings settings, Supplier<InputStream> stdin) {
    this(settings, stdin, () -> CaptureProcessor.NONE);
  }

  /**
   * @param processor creates what is done to the audio before it is published (echo cancellation); called
   *                  on a worker at start (it may load native code), closed at stop
   */
  public AudioCaptureVerticle(CaptureSettings settings, Supplier<InputStream> stdin,
      Supplier<CaptureProcessor> processor) {
    this.settings = settings;
    this.stdin = stdin;
    this.processorFactory = processor;
  }

  @Override
  public Future<?> start() {
    Bus.serve(vertx.eventBus(), Addresses.AUDIO_MUTE, MuteRequest.class, r -> {
      if (muted != r.muted()) {
        LOG.info("microphone {}", r.muted() ? "muted: nothing is heard until it is unmuted" : "unmuted");
      }
      muted = r.muted();
      // said at once, not at the next reading: a page (and device.state) shows the change as it happens, also
      // with no microphone to read
      Bus.publish(vertx.eventBus(), Addresses.AUDIO_LEVEL,
          new AudioLevel(LevelMeter.FLOOR_DB, LevelMeter.FLOOR_DB, 0, muted));
      return Future.succeededFuture(new MuteState(muted));
    });
    return vertx.executeBlocking(processorFactory::get).onSuccess(p -> {
      processor = p;
      processor.start(vertx);
      running = true;
      thread = new Thread(this::captureLoop, "voice-bridge-capture");
      thread.setDaemon(true);
      thread.start();
    });
  }

  @Override
  public Future<?> stop() {
    running = false;
    AudioSource s = current;
    if (s != null) {
      s.close();
    }
    Thread t = thread;
    if (t == null) {
      return Future.succeededFuture();
    }
    t.interrupt(); // ends a wait between retries for a missing device at once, rather than after retryMs
    return vertx.executeBlocking(() -> {
      t.join(2000);
      processor.close();
      return null;
    });
  }

  /** Completes when a finite source has been read to its end (or failed); never for a microphone. */
  public Future<Ended> ended() {
    return ended.future();
  }

  private void captureLoop() {
    long position = 0;
    boolean warned = false;
    while (running) {
      AudioSource source;
      try {
        source = openSource();
      } catch (MicrophoneSource.Unavailable e) {
        if (!warned) {
          LOG.warn("speech input is off: {}. The rest of the bridge keeps running; the device is tried again every {} s.",
              e.getMessage(), settings.retryMs() / 1000.0);
          warned = true;
        } else {
          LOG.debug("capture device still unavailable: {}", e.getMessage());
        }
        if (settings.retryMs() == 0 || !sleep(settings.retryMs())) {
          ended.tryComplete(new Ended(position, "no capture device"));
          return;
        }
        continue;
      } catch (BridgeException e) {
        LOG.warn("speech input is off: {}", e.getMessage());
        ended.tryComplete(new Ended(position, e.getMessage()));
        return;
      }
      current = source;
      if (warned) {
        LOG.info("capture device available again");
      }
      LOG.info("capturing from {}", source.description());
      try {
        position = pump(source, position);
      } catch (IOException | RuntimeException e) {
        LOG.warn("audio capture from {} failed: {}", source.description(), e.toString());
      } finally {
        source.close();
        current = null;
      }
      if (source.finite()) {
        ended.tryComplete(new Ended(position, "end of input"));
        return;
      }
      if (running && !sleep(settings.retryMs() == 0 ? 1000 : settings.retryMs())) {
        return;
      }
    }
  }

  private AudioSource openSource() throws MicrophoneSource.Unavailable {
    return switch (settings.source()) {
      case "file" -> new WavFileSource(settings.file().orElseThrow(() ->
          new BridgeException("audio.input.source is file but audio.input.file is empty")));
      case "stdin" -> new StdinSource(stdin.get(), settings.stdinSampleRate());
      default -> MicrophoneSource.open(settings.device(), settings.bufferMs());
    };
  }

  /** Reads the source frame by frame, processes and publishes; returns the position reached. */
  private long pump(AudioSource source, long position) throws IOException {
    int frameSamples = settings.frameSamples();
    short[] frame = new short[frameSamples];
    short[] chunk = new short[frameSamples];
    int filled = 0;
    boolean pace = source.finite() && settings.realtime();
    long startNanos = System.nanoTime();
    long startPosition = position;
    short[] silence = new short[frameSamples];
    CaptureProcessor.Output publish = (samples, count, start, echoDb) -> {
      boolean mute = muted;
      short[] heard = mute ? silence(silence, count) : samples;
      AudioFrames.publish(vertx.eventBus(), heard, count, start, false, mute ? Double.NaN : echoDb);
      AudioLevel reading = level.add(heard, count, mute);
      if (reading != null) {
        Bus.publish(vertx.eventBus(), Addresses.AUDIO_LEVEL, reading);
      }
    };
    while (running) {
      int n = source.read(chunk);
      if (n < 0) {
        finish(frame, filled, position);
        return position + filled;
      }
      int i = 0;
      while (i < n) {
        int take = Math.min(frameSamples - filled, n - i);
        System.arraycopy(chunk, i, frame, filled, take);
        filled += take;
        i += take;
        if (filled == frameSamples) {
          if (pace) {
            long due = startNanos + (position + frameSamples - startPosition) * 1_000_000_000L / PcmSamples.RATE;
            long wait = due - System.nanoTime();
            if (wait > 0 && !sleep(wait / 1_000_000)) {
              return position;
            }
          }
          processor.process(frame, frameSamples, position, System.nanoTime(), publish);
          position += frameSamples;
          filled = 0;
        }
      }
    }
    return position;
  }

  /** A buffer of at least {@code count} zero samples (a processor may hand over more than a frame). */
  private static short[] silence(short[] zeros, int count) {
    return zeros.length >= count ? zeros : new short[count];
  }

  /** The end of a finite source: the rest, then whatever the processor held back; the last frame says so. */
  private void finish(short[] frame, int filled, long position) {
    List<Held> tail = new ArrayList<>();
    CaptureProcessor.Output hold = (samples, count, start, echoDb) ->
        tail.add(new Held(Arrays.copyOf(samples, count), start, echoDb));
    if (filled > 0) {
      processor.process(frame, filled, position, System.nanoTime(), hold);
    }
    processor.flush(hold);
    if (tail.isEmpty()) {
      AudioFrames.publish(vertx.eventBus(), frame, 0, position + filled, true);
      return;
    }
    for (int k = 0; k < tail.size(); k++) {
      Held h = tail.get(k);
      AudioFrames.publish(vertx.eventBus(), h.samples(), h.samples().length, h.start(), k == tail.size() - 1,
          h.echoDb());
    }
  }

  private record Held(short[] samples, long start, double echoDb) {
  }

  private boolean sleep(long ms) {
    try {
      Thread.sleep(ms);
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
