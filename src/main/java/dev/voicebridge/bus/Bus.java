package dev.voicebridge.bus;

import dev.voicebridge.base.BridgeException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed access to the event bus with the catalogue's records: serve a request address, consume a
 * published one, publish, request. Decoding and failure mapping live here once, so verticles contain
 * only their own logic.
 *
 * <p>Failure codes of replies follow HTTP: 400 the request did not have the documented shape, 404 the
 * thing asked for does not exist, 409 conflict, 500 the handler failed, 503 the service is not available
 * (e.g. the gateway is disconnected).
 *
 * <p>Everything here is local to the JVM: consumers are registered local-only and messages are sent
 * local-only, so on a clustered event bus (satellites) nothing of a device's own traffic crosses the
 * network or reaches another member by accident. What does cross — a satellite's utterance audio, its
 * transcripts, its requests to the hub's store and gateway — crosses through the cluster links alone,
 * each address on an allow-list (package {@code cluster}, docs/satellites.md).
 */
public final class Bus {

  private static final Logger LOG = LoggerFactory.getLogger(Bus.class);
  private static final Set<String> WARNED_ADDRESSES = ConcurrentHashMap.newKeySet();
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private Bus() {
  }

  /** Thrown on the requesting side when a request fails; carries the failure code and message. */
  public static final class RequestFailed extends BridgeException {
    private final int code;

    public RequestFailed(int code, String message) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** An exception a handler may fail with to choose the failure code. */
  public interface Coded {
    int code();
  }

  /**
   * Serves a request address: decodes the body to {@code type}, runs {@code handler}, replies with the
   * encoded result (or an empty object for a null result). A body of the wrong shape is replied 400 with
   * the reason; a handler failure with its code ({@link Coded}) or 500.
   */
  public static <Q> MessageConsumer<JsonObject> serve(EventBus bus, String address, Class<Q> type,
      Function<Q, Future<?>> handler) {
    return bus.localConsumer(address, (Message<JsonObject> msg) -> {
      Q request;
      try {
        request = BusJson.decode(msg.body(), type);
      } catch (BadMessageException e) {
        msg.fail(400, address + ": " + e.getMessage());
        return;
      }
      Future<?> result;
      try {
        result = handler.apply(request);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          Object value = ar.result();
          msg.reply(value == null ? new JsonObject() : value instanceof JsonObject j ? j : BusJson.encode(value));
        } else {
          Throwable cause = ar.cause();
          int code = cause instanceof Coded c ? c.code() : cause instanceof BadMessageException ? 400 : 500;
          if (code >= 500 && !(cause instanceof BridgeException)) {
            LOG.warn("{} failed", address, cause);
          }
          msg.fail(code, String.valueOf(cause.getMessage()));
        }
      });
    });
  }

  /**
   * Consumes a published address. A body that does not decode is logged once per address (a misbehaving
   * producer must not flood the log) and dropped.
   */
  public static <M> MessageConsumer<JsonObject> on(EventBus bus, String address, Class<M> type, Consumer<M> handler) {
    return bus.localConsumer(address, (Message<JsonObject> msg) -> {
      M message;
      try {
        message = BusJson.decode(msg.body(), type);
      } catch (BadMessageException e) {
        if (WARNED_ADDRESSES.add(address)) {
          LOG.warn("dropping a malformed message on {}: {} (further ones are dropped silently)", address,
              e.getMessage());
        }
        return;
      }
      handler.accept(message);
    });
  }

  public static void publish(EventBus bus, String address, Object message) {
    bus.publish(address, BusJson.encode(message), LOCAL);
  }

  public static <R> Future<R> request(EventBus bus, String address, Object body, Class<R> replyType) {
    return request(bus, address, body, replyType, new DeliveryOptions());
  }

  public static <R> Future<R> request(EventBus bus, String address, Object body, Class<R> replyType,
      DeliveryOptions options) {
    JsonObject json = body instanceof JsonObject j ? j : BusJson.encode(body);
    return bus.<JsonObject>request(address, json, new DeliveryOptions(options).setLocalOnly(true))
        .recover(err -> Future.failedFuture(translate(address, err, options.getSendTimeout())))
        .map(reply -> replyType == JsonObject.class ? replyType.cast(reply.body())
            : BusJson.decode(reply.body(), replyType));
  }

  private static Throwable translate(String address, Throwable err, long timeoutMs) {
    if (err instanceof ReplyException re) {
      if (re.failureType() == ReplyFailure.NO_HANDLERS) {
        return new RequestFailed(503, "nothing serves " + address + " on the event bus");
      }
      if (re.failureType() == ReplyFailure.TIMEOUT) {
        return new RequestFailed(504, "no reply from " + address + " within " + timeoutMs + " ms");
      }
      return new RequestFailed(re.failureCode(), re.getMessage());
    }
    return err;
  }
}
