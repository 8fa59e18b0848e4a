package dev.voicebridge.tts;

import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import java.util.function.Consumer;

/**
 * Speaks in the user's own Talk voice: each sentence is synthesised at the OpenClaw gateway by the
 * provider the user configured there ({@link Voice}), one request per sentence. The pipeline asks for the
 * next sentence while this one plays, so the round trip is hidden after the first sentence of a reply.
 *
 * <p>When the gateway cannot (not connected, too slow, a provider error, audio it cannot decode), that
 * sentence and the rest of its reply are spoken by the local engine, with one warning; the next reply tries
 * the gateway again. A reply is known by its {@link Cancellation}, which the pipeline makes one per reply.
 * The audio is always in the local engine's format (see {@link GatewayAudio}). Used from the pipeline's
 * synthesis thread only.
 */
public final class GatewaySynthesizer implements Synthesizer {

  /** The gateway's synthesis of one sentence; blocking, at most {@code timeoutMs}, returns early on cancel. */
  public interface Voice {
    /** @return the clip, or null when {@code cancel} fired first */
    SpeakResult speak(String text, long timeoutMs, Cancellation cancel);
  }

  private final Synthesizer local;
  private final Voice gateway;
  private final long timeoutMs;
  private final Consumer<String> warn;
  /** The reply that went over to the local engine. */
  private Cancellation localReply;

  GatewaySynthesizer(Synthesizer local, Voice gateway, long timeoutMs, Consumer<String> warn) {
    this.local = local;
    this.gateway = gateway;
    this.timeoutMs = timeoutMs;
    this.warn = warn;
  }

  @Override
  public String name() {
    return "gateway";
  }

  /** The fallback's, which the gateway's audio is converted to. */
  @Override
  public PcmFormat expectedFormat() {
    return local.expectedFormat();
  }

  @Override
  public void synthesize(String text, AudioReceiver out, Cancellation cancel) {
    if (cancel == localReply) {
      local.synthesize(text, out, cancel);
      return;
    }
    byte[] pcm;
    try {
      SpeakResult clip = gateway.speak(text, timeoutMs, cancel);
      if (clip == null || cancel.isCancelled()) {
        return;
      }
      pcm = GatewayAudio.toPcm(clip, expectedFormat());
    } catch (RuntimeException e) {
      if (cancel.isCancelled()) {
        return;
      }
      localReply = cancel;
      warn.accept("the gateway could not speak (" + e.getMessage() + "): the rest of this reply is spoken by "
          + local.name() + ", the next one tries the gateway again");
      local.synthesize(text, out, cancel);
      return;
    }
    out.format(expectedFormat());
    out.pcm(pcm, 0, pcm.length);
  }

  @Override
  public void close() {
    local.close();
  }
}
