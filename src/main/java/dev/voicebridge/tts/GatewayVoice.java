package dev.voicebridge.tts;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.SpeakRequest;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's synthesis of one sentence, over the bus ({@code gateway.speak}, served by the gateway
 * client), waited for on the calling thread — the pipeline's synthesis thread, never an event loop: at most
 * the timeout, and no longer once the reply is stopped.
 */
public final class GatewayVoice implements GatewaySynthesizer.Voice {

  private final Vertx vertx;

  public GatewayVoice(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public SpeakResult speak(String text, long timeoutMs, Cancellation cancel) {
    CompletableFuture<SpeakResult> clip = new CompletableFuture<>();
    vertx.runOnContext(v -> Bus.request(vertx.eventBus(), Addresses.GATEWAY_SPEAK, new SpeakRequest(text, (int) Math.min(Integer.MAX_VALUE, timeoutMs)),
            SpeakResult.class, new DeliveryOptions().setSendTimeout(timeoutMs + 1000))
        .onComplete(r -> {
          if (r.succeeded()) {
            clip.complete(r.result());
          } else {
            clip.completeExceptionally(r.cause());
          }
        }));
    Runnable stop = () -> clip.complete(null);
    cancel.onCancel(stop);
    try {
      return clip.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new SynthesisException("no audio within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      throw new SynthesisException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      cancel.remove(stop);
    }
  }
}
