package dev.voicebridge.audio;

import dev.voicebridge.bus.Addresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The {@code audio.frame} address: raw PCM16 little-endian, 16 kHz mono, in a Buffer (no JSON), published
 * and consumed local-only so it never crosses a clustered bus. Headers: {@code audioMs}, the position of
 * the first sample in milliseconds since capture started (frames are whole milliseconds long, so sample
 * positions are exact); {@code final: true} on the last frame of a finite source (file, stdin); and,
 * while the bridge's own voice may be in the frame, {@code echoDb}: the level (dBFS) that echo left in the
 * frame after echo cancellation is estimated to reach, so that anything much louder is the user.
 */
public final class AudioFrames {

  public static final String HEADER_AUDIO_MS = "audioMs";
  public static final String HEADER_FINAL = "final";
  public static final String HEADER_ECHO_DB = "echoDb";

  /**
   * One received frame: its samples, the absolute index of the first one, whether the input ends here, and
   * the estimated level of the bridge's own voice left in it ({@link Double#NaN} when nothing was playing).
   */
  public record Frame(short[] samples, long startSample, boolean last, double echoDb) {

    public Frame(short[] samples, long startSample, boolean last) {
      this(samples, startSample, last, Double.NaN);
    }

    public long startMs() {
      return PcmSamples.samplesToMs(startSample);
    }

    public long endSample() {
      return startSample + samples.length;
    }

    /** Whether the bridge's own voice may be in this frame. */
    public boolean echoPossible() {
      return !Double.isNaN(echoDb);
    }
  }

  private AudioFrames() {
  }

  /** Publishes a frame starting at {@code startSample}, which must fall on a whole millisecond. */
  public static void publish(EventBus bus, short[] samples, int count, long startSample, boolean last) {
    publish(bus, samples, count, startSample, last, Double.NaN);
  }

  /** The same, with the estimated residual echo level of the frame (NaN: no echo possible). */
  public static void publish(EventBus bus, short[] samples, int count, long startSample, boolean last,
      double echoDb) {
    if (startSample % PcmSamples.SAMPLES_PER_MS != 0) {
      throw new IllegalArgumentException("a frame must start on a whole millisecond: sample " + startSample);
    }
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true)
        .addHeader(HEADER_AUDIO_MS, Long.toString(PcmSamples.samplesToMs(startSample)));
    if (last) {
      options.addHeader(HEADER_FINAL, "true");
    }
    if (!Double.isNaN(echoDb)) {
      options.addHeader(HEADER_ECHO_DB, String.format(Locale.ROOT, "%.1f", echoDb));
    }
    bus.publish(Addresses.AUDIO_FRAME, Buffer.buffer(PcmSamples.toLittleEndian(samples, 0, count)), options);
  }

  /** A local consumer of frames; the handler runs on the registering verticle's context. */
  public static MessageConsumer<Buffer> consume(EventBus bus, Consumer<Frame> handler) {
    return consume(bus, Addresses.AUDIO_FRAME, handler);
  }

  /** The same on {@code address} (a satellite room's frames on a hub). */
  public static MessageConsumer<Buffer> consume(EventBus bus, String address, Consumer<Frame> handler) {
    return bus.localConsumer(address, (Message<Buffer> msg) -> handler.accept(decode(msg.body(), msg.headers())));
  }

  /** A frame from its PCM bytes and headers (as published here, or as a satellite sent it to the hub). */
  public static Frame decode(Buffer body, io.vertx.core.MultiMap headers) {
    byte[] bytes = body.getBytes();
    String ms = headers.get(HEADER_AUDIO_MS);
    long start = ms == null ? 0 : PcmSamples.msToSamples(Long.parseLong(ms));
    String echo = headers.get(HEADER_ECHO_DB);
    return new Frame(PcmSamples.fromLittleEndian(bytes, 0, bytes.length), start,
        "true".equals(headers.get(HEADER_FINAL)), echo == null ? Double.NaN : Double.parseDouble(echo));
  }
}
