package dev.voicebridge.tts;

import dev.voicebridge.audio.AudioSink;
import dev.voicebridge.audio.PcmFormat;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a real-time device running with silence while there is nothing to play: its queue is topped up to
 * {@value #KEEP_QUEUED_MS} ms whenever it falls below {@value #LOW_WATER_MS} ms. A sound device that runs
 * dry stops and, fed again, starts over with a latency of its own (a sound server may even raise it
 * after an underrun); a device that never stops plays everything with one steady latency, which is what
 * the echo canceller's reference (the tap on this sink) needs to line up with the echo. The queue is
 * kept short, so a new sentence waits at most that long behind the silence. A device that fails here is
 * tried again at the next clip. Used by {@link SpeechPipeline}'s player thread only, and logs as it.
 */
final class DeviceKeepAlive {

  private static final Logger LOG = LoggerFactory.getLogger(SpeechPipeline.class);
  static final int LOW_WATER_MS = 20;
  static final int KEEP_QUEUED_MS = 30;

  private final AudioSink sink;
  private final BooleanSupplier closed;
  private final BooleanSupplier nothingQueued;
  /** The format the device was last opened in, for the silence that keeps it running between clips. */
  private PcmFormat deviceFormat;

  /**
   * @param synthesizer whose format a real-time device is kept running in from the start
   * @param closed whether the pipeline was closed (then nothing is written)
   * @param nothingQueued whether the player has nothing waiting (topping up stops when it has)
   */
  DeviceKeepAlive(AudioSink sink, Synthesizer synthesizer, BooleanSupplier closed, BooleanSupplier nothingQueued) {
    this.sink = sink;
    // A sound device runs from the start, silent: a sound server settles its latency in the first seconds
    // of a stream (PulseAudio raised it by 60 ms over the first 5 s when the first reply started a stream),
    // and the echo canceller should meet the settled device, not the settling one.
    this.deviceFormat = sink.realTime() ? synthesizer.expectedFormat() : null;
    this.closed = closed;
    this.nothingQueued = nothingQueued;
  }

  /** The device was opened in {@code format}: the silence between clips is played in it. */
  void opened(PcmFormat format) {
    deviceFormat = format;
  }

  /** Tops the device's queue up with silence (nothing for a sink that is not a real-time device). */
  void topUp() {
    PcmFormat f = deviceFormat;
    if (f == null || closed.getAsBoolean() || !sink.realTime()) {
      return;
    }
    try {
      sink.begin(f);
      int bytes = f.bytesFor(SpeechPipeline.SLICE_MS);
      byte[] silence = new byte[bytes];
      do {
        sink.write(silence, 0, bytes);
      } while (!closed.getAsBoolean() && sink.bufferedNanos() < KEEP_QUEUED_MS * 1_000_000L
          && nothingQueued.getAsBoolean());
    } catch (RuntimeException e) {
      deviceFormat = null;
      LOG.debug("keeping the device running failed: {}", e.toString());
    }
  }

  /** How long the player may wait for work before the device's queue needs topping up. */
  long idleWaitNanos() {
    PcmFormat f = deviceFormat;
    if (f == null || !sink.realTime()) {
      return SpeechPipeline.SLICE_MS * 1_000_000L;
    }
    return Math.max(500_000L, sink.bufferedNanos() - LOW_WATER_MS * 1_000_000L);
  }
}
