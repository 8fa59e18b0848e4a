package dev.voicebridge.gateway;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests sent on one connection that wait for their response, by id. Responses may come in any order;
 * each request has its own timeout; when the connection closes every waiting request fails at once (the
 * caller decides whether to retry, e.g. chat.send again with the same idempotency key).
 */
final class PendingRequests {

  private record Waiting(String method, Promise<JsonObject> promise, long timer) {
  }

  private final Vertx vertx;
  private final Map<String, Waiting> waiting = new HashMap<>();
  private long nextId = 1;

  PendingRequests(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Allocates an id and registers the request; the returned future completes with the response payload. */
  String register(String method, long timeoutMs, Promise<JsonObject> promise) {
    String id = Long.toString(nextId++);
    long timer = vertx.setTimer(timeoutMs, t -> {
      Waiting w = waiting.remove(id);
      if (w != null) {
        w.promise().tryFail(new GatewayRequestException(504, "no response to " + method + " within " + timeoutMs
            + " ms", null));
      }
    });
    waiting.put(id, new Waiting(method, promise, timer));
    return id;
  }

  /** Completes the request the response answers; false when no request waits for that id. */
  boolean complete(GatewayFrame.Response response) {
    Waiting w = waiting.remove(response.id());
    if (w == null) {
      return false;
    }
    vertx.cancelTimer(w.timer());
    if (response.ok()) {
      w.promise().tryComplete(response.payload());
    } else {
      w.promise().tryFail(GatewayRequestException.of(w.method(), response.error()));
    }
    return true;
  }

  /** Fails a request that could not be written, if it is still waiting. */
  void fail(String id, Throwable cause) {
    Waiting w = waiting.remove(id);
    if (w != null) {
      vertx.cancelTimer(w.timer());
      w.promise().tryFail(cause);
    }
  }

  void failAll(String why) {
    Map<String, Waiting> all = new HashMap<>(waiting);
    waiting.clear();
    all.values().forEach(w -> {
      vertx.cancelTimer(w.timer());
      // 504, like a timeout: the request went out, and whether the gateway acted on it is unknown
      w.promise().tryFail(new GatewayRequestException(504, w.method() + " lost its answer: " + why, null));
    });
  }
}
