package dev.voicebridge.web;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.DeviceMessages.MuteRequest;
import dev.voicebridge.bus.DeviceMessages.MuteState;
import dev.voicebridge.bus.NodeMessages.ListenControl;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.UserInput;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.TtsStop;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.TurnList;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;

/**
 * What the page's buttons do, each one exact bus message (the browser never names an address):
 * {@code POST /api/stop} → {@code tts.stop}; {@code /api/mute} → {@code audio.mute}; {@code /api/talk}
 * (start, release, cancel) → {@code wake.trigger} / {@code listen.control}; {@code /api/say} →
 * {@code session.input}. {@code GET /api/turns} reads the last turns of the active session from the store.
 */
final class ControlRoutes {

  /** A typed turn is a sentence or a few, not a document. */
  static final int MAX_TEXT_CHARS = 4000;
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final int DEFAULT_TURNS = 12;
  private static final int MAX_TURNS = 100;

  private final EventBus bus;
  private final StoreClient store;
  private final String sessionKey;

  ControlRoutes(EventBus bus, String sessionKey) {
    this.bus = bus;
    this.store = new StoreClient(bus);
    this.sessionKey = sessionKey;
  }

  void mount(Router router) {
    router.post("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    router.post("/api/stop").handler(ctx -> {
      Bus.publish(bus, Addresses.TTS_STOP, new TtsStop(null, "page"));
      json(ctx, 202, new JsonObject().put("stopped", true));
    });
    router.post("/api/mute").handler(ctx -> body(ctx).ifPresent(b -> {
      if (!(b.getValue("muted") instanceof Boolean muted)) {
        problem(ctx, 400, "send {\"muted\": true} or {\"muted\": false}");
        return;
      }
      reply(ctx, Bus.request(bus, Addresses.AUDIO_MUTE, new MuteRequest(muted), MuteState.class)
          .map(BusJson::encode));
    }));
    router.post("/api/talk").handler(ctx -> body(ctx).ifPresent(b -> {
      String action = b.getValue("action") instanceof String a ? a : "";
      switch (action) {
        case "start" -> Bus.publish(bus, Addresses.WAKE_TRIGGER, new WakeTrigger("page"));
        case ListenControl.RELEASE, ListenControl.CANCEL ->
            Bus.publish(bus, Addresses.LISTEN_CONTROL, new ListenControl(action));
        default -> {
          problem(ctx, 400, "action must be start, release or cancel");
          return;
        }
      }
      json(ctx, 202, new JsonObject().put("action", action));
    }));
    router.post("/api/say").handler(ctx -> body(ctx).ifPresent(b -> {
      String text = b.getValue("text") instanceof String t ? t.strip() : "";
      if (text.isEmpty() || text.length() > MAX_TEXT_CHARS) {
        problem(ctx, 400, "text must be 1 to " + MAX_TEXT_CHARS + " characters");
        return;
      }
      reply(ctx, Bus.request(bus, Addresses.SESSION_INPUT, new UserInput(text, "page"), InputAccepted.class)
          .map(BusJson::encode));
    }));
    router.get("/api/turns").handler(this::turns);
  }

  /** The last turns of the active session, oldest first, with their tool calls; none when there is no session. */
  private void turns(RoutingContext ctx) {
    int limit;
    try {
      String raw = ctx.request().getParam("limit");
      limit = raw == null ? DEFAULT_TURNS : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      problem(ctx, 400, "limit must be a whole number");
      return;
    }
    if (limit < 1 || limit > MAX_TURNS) {
      problem(ctx, 400, "limit must be 1 to " + MAX_TURNS);
      return;
    }
    int n = limit;
    reply(ctx, store.listSessions(new SessionQuery(SessionState.ACTIVE, sessionKey, 1)).compose(list -> {
      if (list.sessions().isEmpty()) {
        return Future.succeededFuture(new JsonObject().put("turns", new JsonArray()));
      }
      String uuid = list.sessions().get(0).sessionUuid();
      return store.turns(new TurnQuery(uuid, null, null, null, null, n, true))
          .map(turns -> new JsonObject().put("sessionUuid", uuid).put("turns", shape(turns)));
    }));
  }

  private static JsonArray shape(TurnList list) {
    JsonArray out = new JsonArray();
    List.copyOf(list.turns()).stream().sorted(java.util.Comparator.comparingInt(t -> t.turnIndex())).forEach(t -> {
      JsonObject turn = new JsonObject().put("index", t.turnIndex()).put("at", t.timestamp())
          .put("role", t.role().wire()).put("text", t.content());
      if (t.messageType() != null) {
        turn.put("type", t.messageType().wire());
      }
      if (t.toolCalls() != null && !t.toolCalls().isEmpty()) {
        JsonArray tools = new JsonArray();
        t.toolCalls().forEach(c -> {
          if (c instanceof JsonObject call) {
            tools.add(new JsonObject().put("name", call.getValue("name")));
          }
        });
        turn.put("tools", tools);
      }
      if (t.delivery() != null) {
        turn.put("delivery", t.delivery().wire());
      }
      out.add(turn);
    });
    return out;
  }

  /** The request's JSON object, or empty after answering 400. */
  private static java.util.Optional<JsonObject> body(RoutingContext ctx) {
    try {
      JsonObject b = ctx.body().asJsonObject();
      if (b == null) {
        problem(ctx, 400, "the body must be a JSON object");
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(b);
    } catch (DecodeException | ClassCastException e) {
      problem(ctx, 400, "the body must be a JSON object");
      return java.util.Optional.empty();
    }
  }

  private static void reply(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(body -> json(ctx, 200, body)).onFailure(err -> {
      // the component's own code (400 bad text, 503 gateway away...); anything else: it is not there to ask
      int status = err instanceof Bus.RequestFailed f && f.code() >= 400 && f.code() < 600 ? f.code() : 503;
      problem(ctx, status, err.getMessage());
    });
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
  }

  static void problem(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message));
  }
}
