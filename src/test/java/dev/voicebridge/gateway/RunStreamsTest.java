package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.testkit.BusRecorder;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RunStreamsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  /** The events of a real exchange, replayed twice (as after a reconnect): one clean stream comes out. */
  @Test
  void aCapturedExchangeBecomesDeltasAndOneFinal() {
    BusRecorder bus = new BusRecorder(vertx, Addresses.GATEWAY_REPLY_DELTA, Addresses.GATEWAY_REPLY_FINAL);
    RunStreams streams = new RunStreams(vertx.eventBus(), new ProblemLog(LoggerFactory.getLogger(getClass())));
    List<JsonObject> events = CapturedFrames.all().stream()
        .filter(f -> "in".equals(f.getString("dir")) && "event".equals(f.getString("type"))).toList();
    for (int pass = 0; pass < 2; pass++) {
      for (JsonObject f : events) {
        String name = f.getString("event");
        if (name.equals("chat") || name.equals("agent")) {
          streams.onEvent(new GatewayFrame.Event(name, f.getJsonObject("payload"), f.getLong("seq")));
        }
      }
    }
    ReplyFinal fin = bus.await(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, f -> true, Duration.ofSeconds(5));
    assertEquals("Hello from the mock model. This reply was streamed.", fin.text());
    assertEquals("stop", fin.stopReason());
    assertEquals("agent:main:main", fin.sessionKey());
    List<ReplyDelta> deltas = bus.all(Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class);
    assertEquals(List.of("Hello", " from the mock", " model. This reply", " was streamed."),
        deltas.stream().map(ReplyDelta::delta).toList());
    assertEquals("Hello from the mock model. This reply was streamed.", deltas.get(3).text());
    assertEquals(1, bus.all(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class).size(), "the replay changed nothing");
    assertTrue(deltas.stream().allMatch(d -> d.runId().equals(fin.runId())));
  }

  /**
   * Seen with the real gateway 2026.9.6 on long replies: the last delta is re-sent just before the final and
   * the final carries that delta's seq. It is still the run's end (dropping it as a repeat left the turn
   * waiting for an answer until recovery found it in the history, 30 s later).
   */
  @Test
  void aFinalWithTheSeqOfTheLastDeltaIsStillTheEnd() {
    BusRecorder bus = new BusRecorder(vertx, Addresses.GATEWAY_REPLY_FINAL);
    RunStreams streams = new RunStreams(vertx.eventBus(), new ProblemLog(LoggerFactory.getLogger(getClass())));
    JsonObject message = new JsonObject().put("role", "assistant").put("content",
        new io.vertx.core.json.JsonArray().add(new JsonObject().put("type", "text").put("text", "All done.")));
    streams.onEvent(new GatewayFrame.Event("chat", new JsonObject().put("runId", "r").put("sessionKey", "agent:main:main")
        .put("seq", 166).put("state", "delta").put("deltaText", "All done.").put("message", message), 10L));
    streams.onEvent(new GatewayFrame.Event("chat", new JsonObject().put("runId", "r").put("sessionKey", "agent:main:main")
        .put("seq", 167).put("state", "delta").put("deltaText", "").put("message", message), 11L));
    streams.onEvent(new GatewayFrame.Event("chat", new JsonObject().put("runId", "r").put("sessionKey", "agent:main:main")
        .put("seq", 167).put("state", "final").put("message", message).put("stopReason", "stop"), 12L));
    ReplyFinal fin = bus.await(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, f -> true, Duration.ofSeconds(5));
    assertEquals("All done.", fin.text());
  }

  private static GatewayFrame.Event chat(long seq, JsonObject fields) {
    return new GatewayFrame.Event("chat", fields.put("runId", "n").put("sessionKey", "agent:main:main").put("seq", (int) seq),
        seq);
  }

  private static JsonObject message(String text) {
    return new JsonObject().put("role", "assistant").put("content",
        new io.vertx.core.json.JsonArray().add(new JsonObject().put("type", "text").put("text", text)));
  }

  /**
   * The shapes of gateways newer than 2026.9.6 (from their protocol notes; the gateway here cannot produce
   * them): only the first delta of a run carries the {@code message} snapshot, later ones {@code deltaText}
   * alone; {@code replace: true} may carry an empty {@code deltaText} (the text so far was withdrawn); a
   * slow client may miss deltas, so the final's message is what the reply was.
   */
  @Test
  void deltasWithoutSnapshotsAnEmptyReplaceAndADroppedDeltaStillGiveTheRightReply() {
    BusRecorder bus = new BusRecorder(vertx, Addresses.GATEWAY_REPLY_DELTA, Addresses.GATEWAY_REPLY_FINAL);
    RunStreams streams = new RunStreams(vertx.eventBus(), new ProblemLog(LoggerFactory.getLogger(getClass())));
    streams.onEvent(chat(1, new JsonObject().put("state", "delta").put("deltaText", "NO_").put("message", message("NO_"))));
    streams.onEvent(chat(2, new JsonObject().put("state", "delta").put("deltaText", "").put("replace", true)));
    streams.onEvent(chat(3, new JsonObject().put("state", "delta").put("deltaText", "Sure.")));
    streams.onEvent(chat(4, new JsonObject().put("state", "delta").put("deltaText", " It is")));
    // seq 5 (" late.") never arrives
    streams.onEvent(chat(6, new JsonObject().put("state", "delta").put("deltaText", " Bye.")));
    streams.onEvent(chat(7, new JsonObject().put("state", "final").put("message", message("Sure. It is late. Bye."))));
    ReplyFinal fin = bus.await(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, f -> true, Duration.ofSeconds(5));
    assertEquals("Sure. It is late. Bye.", fin.text(), "the final is authoritative");
    List<ReplyDelta> deltas = bus.all(Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class);
    assertEquals(List.of("NO_", "", "Sure.", "Sure. It is", "Sure. It is Bye."), deltas.stream().map(ReplyDelta::text).toList());
    assertTrue(deltas.get(1).replace(), "the withdrawn text is replaced by nothing");
  }
}
