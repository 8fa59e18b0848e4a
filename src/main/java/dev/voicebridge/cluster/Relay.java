package dev.voicebridge.cluster;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Carries a request over one more hop — a satellite's local request to its hub, the hub's relay of it to
 * the local service — and its reply or failure back, unchanged: a caller sees the code and message the
 * serving component gave (404, 409, 503 …), as if it were in the same JVM. Only a hop that fails says so
 * itself: nobody serves the address there (503, with {@code unreachable}) or no reply in time (504).
 */
final class Relay {

  private Relay() {
  }

  /** Requests {@code to} with {@code msg}'s body and replies to {@code msg} with the outcome. */
  static void forward(EventBus bus, Message<Object> msg, String to, DeliveryOptions options, String unreachable) {
    Future<Message<Object>> reply = bus.request(to, msg.body(), options);
    reply.onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result().body());
        return;
      }
      Throwable err = ar.cause();
      if (err instanceof ReplyException re) {
        if (re.failureType() == ReplyFailure.NO_HANDLERS) {
          msg.fail(503, unreachable);
        } else if (re.failureType() == ReplyFailure.TIMEOUT) {
          msg.fail(504, "no reply from " + to + " within " + options.getSendTimeout() + " ms");
        } else {
          msg.fail(re.failureCode(), re.getMessage());
        }
      } else {
        msg.fail(500, String.valueOf(err.getMessage()));
      }
    });
  }
}
