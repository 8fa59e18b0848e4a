package dev.voicebridge.audio;

import dev.voicebridge.bus.Addresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The {@code audio.reference} address: exactly what the speaker is given, for echo cancellation — PCM16
 * little-endian, 16 kHz mono (converted from the synthesiser's format) in a Buffer, local only. Header
 * {@code playAtNanos}: when its first sample reaches the device, on this JVM's {@link System#nanoTime()}
 * clock (which is why it never leaves the JVM); {@code gap: true} when the device ran dry before it (it
 * does not follow the previous block seamlessly). A message with header {@code cutAtNanos} and no samples
 * says the speaker was silenced then (barge-in, stop): anything announced to play after it never will.
 */
public final class PlaybackReference {

  public static final String HEADER_PLAY_AT = "playAtNanos";
  public static final String HEADER_CUT_AT = "cutAtNanos";
  public static final String HEADER_GAP = "gap";

  /**
   * What was played from {@code nanos}, and whether the device ran dry just before ({@code gap}); or
   * (samples empty, {@code cut} true) where playback was cut.
   */
  public record Block(short[] samples, long nanos, boolean cut, boolean gap) {
  }

  private PlaybackReference() {
  }

  public static void played(EventBus bus, short[] samples, long playAtNanos, boolean gap) {
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true)
        .addHeader(HEADER_PLAY_AT, Long.toString(playAtNanos));
    if (gap) {
      options.addHeader(HEADER_GAP, "true");
    }
    bus.publish(Addresses.AUDIO_REFERENCE, Buffer.buffer(PcmSamples.toLittleEndian(samples, 0, samples.length)),
        options);
  }

  public static void cut(EventBus bus, long atNanos) {
    bus.publish(Addresses.AUDIO_REFERENCE, Buffer.buffer(),
        new DeliveryOptions().setLocalOnly(true).addHeader(HEADER_CUT_AT, Long.toString(atNanos)));
  }

  public static MessageConsumer<Buffer> consume(EventBus bus, java.util.function.Consumer<Block> handler) {
    return bus.localConsumer(Addresses.AUDIO_REFERENCE, (Message<Buffer> msg) -> {
      String cut = msg.headers().get(HEADER_CUT_AT);
      if (cut != null) {
        handler.accept(new Block(new short[0], Long.parseLong(cut), true, true));
        return;
      }
      byte[] bytes = msg.body().getBytes();
      handler.accept(new Block(PcmSamples.fromLittleEndian(bytes, 0, bytes.length),
          Long.parseLong(msg.headers().get(HEADER_PLAY_AT)), false, "true".equals(msg.headers().get(HEADER_GAP))));
    });
  }
}
