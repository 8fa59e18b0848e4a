package dev.voicebridge.web;

import dev.voicebridge.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The live page's window on the bus: server-sent events ({@code GET /events}) carrying an explicit allow-list
 * of addresses, each shaped to what a person watching needs. Never audio, never a store write, never the
 * gateway's raw frames or its URL, and a tool call's name and phase without its arguments or result — and
 * only for this device's runs. Every event carries {@code t}, when the server took it off the bus (epoch ms),
 * so the page can tell how late it shows it; the latest state sent to a new client carries {@code replayed}.
 *
 * <p>Server-sent events rather than the SockJS event-bus bridge: the page only needs to be told things, and
 * its few commands are plain POSTs that the server maps to exact bus messages ({@link ControlRoutes}); a
 * bus bridge would hand the browser a general way in that would have to be fenced, and a client library to
 * serve. A browser reconnects an event stream by itself; a new client gets the latest state at once.
 */
final class LiveFeed {

  /** An address the page sees, the event name it gets, and what of the body it gets. */
  record Forward(String address, String event, UnaryOperator<JsonObject> shape, boolean droppable) {
  }

  /** Keep-alive comments, so proxies and the browser see a live stream even when the room is quiet. */
  private static final long PING_MS = 15_000;
  /** This device's runs remembered for filtering tool events (a few replies' worth). */
  private static final int OWN_RUNS = 64;

  private final Set<String> ownRuns = new LinkedHashSet<>();
  private final Set<HttpServerResponse> clients = new LinkedHashSet<>();
  /** The latest of each state-like event, sent to a client as it connects. */
  private final Map<String, JsonObject> latest = new LinkedHashMap<>();

  List<Forward> allowList() {
    return List.of(
        new Forward(Addresses.DEVICE_STATE, "state", UnaryOperator.identity(), false),
        new Forward(Addresses.GATEWAY_STATUS, "link", LiveFeed::link, false),
        new Forward(Addresses.AUDIO_LEVEL, "level", UnaryOperator.identity(), true),
        new Forward(Addresses.WAKE_DETECTED, "wake", UnaryOperator.identity(), false),
        new Forward(Addresses.SPEECH_START, "speech-start", UnaryOperator.identity(), false),
        new Forward(Addresses.SPEECH_END, "speech-end", UnaryOperator.identity(), false),
        new Forward(Addresses.STT_PARTIAL, "partial", UnaryOperator.identity(), true),
        new Forward(Addresses.STT_TRANSCRIPT, "transcript", UnaryOperator.identity(), false),
        new Forward(Addresses.SESSION_TRANSCRIPT_IGNORED, "ignored", UnaryOperator.identity(), false),
        new Forward(Addresses.SESSION_RUN, "run", this::ownRun, false),
        new Forward(Addresses.SPEECH_SAY, "say", UnaryOperator.identity(), false),
        new Forward(Addresses.TTS_STARTED, "tts-started", UnaryOperator.identity(), false),
        new Forward(Addresses.TTS_FINISHED, "tts-finished", UnaryOperator.identity(), false),
        new Forward(Addresses.TTS_INTERRUPTED, "tts-interrupted", UnaryOperator.identity(), false),
        new Forward(Addresses.TTS_ERROR, "tts-error", UnaryOperator.identity(), false),
        new Forward(Addresses.GATEWAY_TOOL, "tool", this::tool, false),
        new Forward(Addresses.SESSION_TURN_ANSWERED, "answered", UnaryOperator.identity(), false),
        new Forward(Addresses.SESSION_TURN_HELD, "held", UnaryOperator.identity(), false),
        new Forward(Addresses.TURN_TIMING, "timing", UnaryOperator.identity(), false));
  }

  void start(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    for (Forward f : allowList()) {
      bus.<Object>localConsumer(f.address(), msg -> {
        if (msg.body() instanceof JsonObject body) {
          JsonObject shaped = f.shape().apply(body.copy());
          if (shaped != null) {
            broadcast(f, shaped.put("t", System.currentTimeMillis()));
          }
        }
      });
    }
    vertx.setPeriodic(PING_MS, id -> clients.forEach(c -> c.write(": ping\n\n")));
  }

  /** Makes {@code response} an event stream: the latest state first, then everything as it happens. */
  void attach(HttpServerResponse response) {
    response.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no");
    response.write("retry: 1000\n\n");
    // marked: they were published before this client came, so they say nothing about how late it is
    latest.forEach((event, body) -> response.write(frame(event, body.copy().put("replayed", true))));
    clients.add(response);
    response.closeHandler(v -> clients.remove(response));
    response.exceptionHandler(err -> clients.remove(response));
  }

  int clients() {
    return clients.size();
  }

  private void broadcast(Forward f, JsonObject body) {
    if ("state".equals(f.event()) || "link".equals(f.event())) {
      latest.put(f.event(), body);
    }
    String frame = frame(f.event(), body);
    for (HttpServerResponse c : List.copyOf(clients)) {
      if (c.writeQueueFull()) {
        if (!f.droppable()) {
          // too far behind to catch up: the browser reconnects and starts from the latest state
          clients.remove(c);
          c.end();
        }
        continue;
      }
      c.write(frame);
    }
  }

  private static String frame(String event, JsonObject body) {
    return "event: " + event + "\ndata: " + body.encode() + "\n\n";
  }

  /** The link's state and why, not its URL or ids. */
  private static JsonObject link(JsonObject status) {
    JsonObject out = new JsonObject();
    for (String k : List.of("state", "serverVersion", "reason", "willRetry", "retryInMs")) {
      if (status.containsKey(k)) {
        out.put(k, status.getValue(k));
      }
    }
    return out;
  }

  private JsonObject ownRun(JsonObject claimed) {
    if (claimed.getValue("runId") instanceof String runId) {
      ownRuns.add(runId);
      if (ownRuns.size() > OWN_RUNS) {
        ownRuns.remove(ownRuns.iterator().next());
      }
    }
    return claimed;
  }

  /** A tool call of this device's run: its name and phase, not what it was given or returned. */
  private JsonObject tool(JsonObject event) {
    if (!(event.getValue("runId") instanceof String runId) || !ownRuns.contains(runId)) {
      return null;
    }
    JsonObject out = new JsonObject().put("runId", runId);
    for (String k : List.of("toolCallId", "name", "phase", "isError")) {
      if (event.containsKey(k)) {
        out.put(k, event.getValue(k));
      }
    }
    return out;
  }
}
