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
}
