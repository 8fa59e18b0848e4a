package dev.voicebridge.bench;

import dev.voicebridge.gateway.MessageContent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible model server on loopback for a local OpenClaw gateway: {@code GET /v1/models} and
 * streaming {@code POST /v1/chat/completions} (server-sent {@code chat.completion.chunk}s, then
 * {@code [DONE]}). Each reply is chosen by a trigger phrase: the most recent user message that contains a
 * registered phrase gets that phrase's {@link Reply} — plain text (streamed in chunks, as fast or as slowly
 * as asked), a tool call followed by text once the tool's result comes back, or an HTTP error. Without a
 * matching phrase it answers the default reply at once. Used by the integration tests and by
 * {@code bench gateway}.
 */
public final class MockModel {

  /** What the model answers. */
  public sealed interface Reply {
  }

  /** Text streamed as {@code chunks}, {@code delayMs} apart (0: all at once). */
  public record Text(List<String> chunks, long delayMs) implements Reply {
    public static Text of(String text) {
      return new Text(List.of(text), 0);
    }

    /** The words of {@code text} as separate chunks, {@code delayMs} apart. */
    public static Text slow(String text, long delayMs) {
      List<String> chunks = new ArrayList<>();
      String[] words = text.split(" ");
      for (int i = 0; i < words.length; i++) {
        chunks.add(i == 0 ? words[i] : " " + words[i]);
      }
      return new Text(chunks, delayMs);
    }
  }

  /** Calls {@code tool} with {@code args}; once the request carries that call's result, answers {@code then}. */
  public record ToolCall(String callId, String tool, JsonObject args, Reply then) implements Reply {
  }

  /** Fails the completion with this HTTP status. */
  public record HttpError(int status, String message) implements Reply {
  }

  /**
   * How {@code POST /v1/audio/speech} answers — the gateway's OpenAI speech provider points here: espeak-ng
   * {@code voice} at {@code pitch} (a voice the bridge's own engine does not use, so its audio is told
   * apart), as WAV, after {@code delayMs}; or, {@code failStatus} > 0, that HTTP error.
   */
  public record Speech(String voice, int pitch, long delayMs, int failStatus) {
    public static final Speech DEFAULT = new Speech("en-us+f3", 95, 0, 0);

    public Speech delayed(long ms) {
      return new Speech(voice, pitch, ms, failStatus);
    }

    public Speech failing(int status) {
      return new Speech(voice, pitch, delayMs, status);
    }
  }

  private final Vertx vertx;
  private volatile Speech speech = Speech.DEFAULT;
  private final List<JsonObject> speechRequests = new CopyOnWriteArrayList<>();
  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<String> triggersSeen = new CopyOnWriteArrayList<>();
  private final Map<String, List<Long>> requestTimes = new ConcurrentHashMap<>();
  private volatile Reply fallback = Text.of("OK.");
  private HttpServer server;

  private MockModel(Vertx vertx) {
    this.vertx = vertx;
  }

  public static Future<MockModel> start(Vertx vertx) {
    MockModel model = new MockModel(vertx);
    return vertx.createHttpServer().requestHandler(model::handle).listen(0, "127.0.0.1").map(s -> {
      model.server = s;
      return model;
    });
  }

  public int port() {
    return server.actualPort();
  }

  /** The {@code baseUrl} of the provider in the gateway's configuration. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** Answers {@code reply} to requests whose latest matching user message contains {@code trigger}. */
  public MockModel when(String trigger, Reply reply) {
    replies.put(trigger, reply);
    return this;
  }

  public MockModel otherwise(Reply reply) {
    fallback = reply;
    return this;
  }

  /** How {@code /v1/audio/speech} answers from now on. */
  public MockModel speech(Speech how) {
    speech = how;
    return this;
  }

  /** The speech requests so far (their JSON bodies: model, input, voice, response_format). */
  public List<JsonObject> speechRequests() {
    return List.copyOf(speechRequests);
  }

  /** When each completion request matching {@code trigger} arrived ({@link System#nanoTime()}), in order. */
  public List<Long> requestTimes(String trigger) {
    return List.copyOf(requestTimes.getOrDefault(trigger, List.of()));
  }

  /** How many completion requests matched {@code trigger} so far. */
  public long requests(String trigger) {
    return triggersSeen.stream().filter(trigger::equals).count();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest req) {
    if (req.path().endsWith("/models")) {
      req.response().putHeader("content-type", "application/json").end(new JsonObject().put("object", "list")
          .put("data", new JsonArray().add(new JsonObject().put("id", "mock-model").put("object", "model"))).encode());
      return;
    }
    if (req.path().endsWith("/audio/speech")) {
      req.body().onSuccess(body -> speak(req.response(), body.toJsonObject()));
      return;
    }
    if (!req.path().endsWith("/chat/completions")) {
      req.response().setStatusCode(404).end();
      return;
    }
    long arrived = System.nanoTime();
    req.body().onSuccess(body -> {
      JsonObject request;
      try {
        request = body.toJsonObject();
      } catch (RuntimeException e) {
        req.response().setStatusCode(400).end();
        return;
      }
      JsonArray messages = request.getJsonArray("messages", new JsonArray());
      String trigger = triggerOf(messages);
      Reply reply = trigger == null ? fallback : replies.get(trigger);
      if (trigger != null) {
        triggersSeen.add(trigger);
        requestTimes.computeIfAbsent(trigger, t -> new CopyOnWriteArrayList<>()).add(arrived);
      }
      answer(req.response(), reply, messages);
    });
  }

  private void speak(HttpServerResponse response, JsonObject request) {
    speechRequests.add(request);
    Speech how = speech;
    vertx.setTimer(Math.max(1, how.delayMs()), t -> {
      if (how.failStatus() > 0) {
        response.setStatusCode(how.failStatus()).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", new JsonObject().put("message", "mock speech failure")).encode());
        return;
      }
      vertx.executeBlocking(() -> SpeechSynth.wav(request.getString("input", ""), how.voice(), 175, how.pitch()))
          .onSuccess(wav -> response.putHeader("content-type", "audio/wav").end(io.vertx.core.buffer.Buffer.buffer(wav)))
          .onFailure(e -> response.setStatusCode(500).end());
    });
  }

  private String triggerOf(JsonArray messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.getValue(i) instanceof JsonObject m && "user".equals(m.getValue("role"))) {
        String text = MessageContent.text(m.getValue("content"));
        for (String trigger : replies.keySet()) {
          if (text.contains(trigger)) {
            return trigger;
          }
        }
      }
    }
    return null;
  }

  private void answer(HttpServerResponse res, Reply reply, JsonArray messages) {
    if (reply instanceof HttpError e) {
      res.setStatusCode(e.status()).putHeader("content-type", "application/json").end(new JsonObject()
          .put("error", new JsonObject().put("message", e.message()).put("type", "invalid_request_error")).encode());
      return;
    }
    if (reply instanceof ToolCall call && !hasResult(messages, call.callId())) {
      res.setChunked(true).putHeader("content-type", "text/event-stream");
      JsonObject fn = new JsonObject().put("name", call.tool()).put("arguments", call.args().encode());
      res.write(chunk(new JsonObject().put("role", "assistant").put("tool_calls", new JsonArray().add(new JsonObject()
          .put("index", 0).put("id", call.callId()).put("type", "function").put("function", fn))), null));
      res.write(chunk(new JsonObject(), "tool_calls"));
      end(res);
      return;
    }
    Text text = reply instanceof ToolCall call ? (Text) call.then() : (Text) reply;
    res.setChunked(true).putHeader("content-type", "text/event-stream");
    res.write(chunk(new JsonObject().put("role", "assistant").put("content", ""), null));
    stream(res, text, 0);
  }

  private void stream(HttpServerResponse res, Text text, int index) {
    if (res.closed() || res.ended()) {
      return; // the gateway went away mid-reply
    }
    if (index == text.chunks().size()) {
      res.write(chunk(new JsonObject(), "stop"));
      end(res);
      return;
    }
    res.write(chunk(new JsonObject().put("content", text.chunks().get(index)), null));
    if (text.delayMs() <= 0) {
      stream(res, text, index + 1);
    } else {
      vertx.setTimer(text.delayMs(), t -> stream(res, text, index + 1));
    }
  }

  private static void end(HttpServerResponse res) {
    JsonObject usage = new JsonObject().put("id", "chatcmpl-mock").put("object", "chat.completion.chunk")
        .put("created", System.currentTimeMillis() / 1000).put("model", "mock-model").put("choices", new JsonArray())
        .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 9).put("total_tokens", 19));
    res.end("data: " + usage.encode() + "\n\ndata: [DONE]\n\n");
  }

  private static String chunk(JsonObject delta, String finishReason) {
    JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).put("finish_reason", finishReason);
    return "data: " + new JsonObject().put("id", "chatcmpl-mock").put("object", "chat.completion.chunk")
        .put("created", System.currentTimeMillis() / 1000).put("model", "mock-model")
        .put("choices", new JsonArray().add(choice)).encode() + "\n\n";
  }

  /** The gateway drops non-alphanumerics from tool call ids it forwards (call_1 → call1): compare without them. */
  private static boolean hasResult(JsonArray messages, String callId) {
    String wanted = callId.replaceAll("[^A-Za-z0-9]", "");
    for (Object o : messages) {
      if (o instanceof JsonObject m && "tool".equals(m.getValue("role"))
          && m.getValue("tool_call_id") instanceof String id && id.replaceAll("[^A-Za-z0-9]", "").equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
