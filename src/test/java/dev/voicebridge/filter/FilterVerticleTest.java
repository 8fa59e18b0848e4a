package dev.voicebridge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.bus.SpeechOutMessages.TtsStop;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The filter verticle on a real event bus: gateway events in, speech.say / speech.done out. */
@ExtendWith(VertxExtension.class)
class FilterVerticleTest {

  private final List<String> said = new ArrayList<>();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    FilterSettings settings = FilterSettings.from(BridgeConfig.defaults().with(Map.of("filter.speakToolErrors", "true")));
    vertx.eventBus().<JsonObject>consumer(Addresses.SPEECH_SAY, m -> {
      SpeechSay s = BusJson.decode(m.body(), SpeechSay.class);
      said.add(s.runId() + "#" + s.seq() + " " + s.text());
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.SPEECH_DONE, m -> {
      SpeechDone d = BusJson.decode(m.body(), SpeechDone.class);
      said.add(d.runId() + " done " + d.sentences() + " " + d.reason());
    });
    vertx.deployVerticle(new FilterVerticle(settings)).onComplete(ctx.succeedingThenComplete());
  }

  private static void delta(Vertx vertx, String runId, String whole, String increment) {
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_DELTA, new ReplyDelta("agent:main:main", runId, increment, whole, false));
  }

  /** Publishes, then checks on the event loop once everything published before has been delivered. */
  private void thenCheck(Vertx vertx, VertxTestContext ctx, Runnable check) throws InterruptedException {
    vertx.setTimer(200, t -> ctx.verify(() -> {
      check.run();
      ctx.completeNow();
    }));
    ctx.awaitCompletion(10, TimeUnit.SECONDS);
  }

  @Test
  void aStreamedReplyBecomesNumberedSentencesThenDone(Vertx vertx, VertxTestContext ctx) throws Exception {
    delta(vertx, "r1", "**Hi!** The", "**Hi!** The");
    delta(vertx, "r1", "**Hi!** The weather is *fine*. See https://x.org/a.", "weather is *fine*. See https://x.org/a.");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL,
        new ReplyFinal("agent:main:main", "r1", "**Hi!** The weather is *fine*. See https://x.org/a.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r1#0 Hi!", "r1#1 The weather is fine.", "r1#2 See x.org.",
        "r1 done 3 final"), said));
  }

  @Test
  void twoRepliesInterleavedStayApart(Vertx vertx, VertxTestContext ctx) throws Exception {
    delta(vertx, "a", "Alpha one. Al", "Alpha one. Al");
    delta(vertx, "b", "Beta one. Be", "Beta one. Be");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "a", "Alpha one. Alpha two.", "stop"));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "b", "Beta one. Beta two.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("a#0 Alpha one.", "b#0 Beta one.", "a#1 Alpha two.", "a done 2 final",
        "b#1 Beta two.", "b done 2 final"), said));
  }

  @Test
  void toolOutputIsNeverSpokenAndAFailedToolIsSaidOnce(Vertx vertx, VertxTestContext ctx) throws Exception {
    delta(vertx, "r2", "Let me check.", "Let me check.");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_TOOL, new ToolEvent("k", "r2", "c1", "weather", "start",
        new JsonObject().put("city", "Oslo"), null, null));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_TOOL, new ToolEvent("k", "r2", "c1", "weather", "result",
        null, "{\"temp\": 3, \"summary\": \"Cold. Very cold.\"}", true));
    delta(vertx, "r2", "Let me check.It's cold.", "It's cold.");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "r2", "Let me check.It's cold.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r2#0 Let me check.", "r2#1 The weather tool failed.",
        "r2#2 It's cold.", "r2 done 3 final"), said));
  }

  @Test
  void anErrorIsOneShortSentenceAndASecondErrorIsIgnored(Vertx vertx, VertxTestContext ctx) throws Exception {
    delta(vertx, "r3", "I found it. The file", "I found it. The file");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_ERROR, new ReplyError("k", "r3", "model overloaded", "overloaded"));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_ERROR, new ReplyError("k", "r3", "model overloaded", "overloaded"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r3#0 I found it.", "r3#1 Sorry, something went wrong.",
        "r3 done 2 error"), said));
  }

  @Test
  void anInterruptedRunIsNeverSpokenAgain(Vertx vertx, VertxTestContext ctx) throws Exception {
    delta(vertx, "r4", "First sentence. Second", "First sentence. Second");
    Bus.publish(vertx.eventBus(), Addresses.BRIDGE_INTERRUPT, new BridgeInterrupt("barge-in", null));
    delta(vertx, "r4", "First sentence. Second sentence. Third.", " sentence. Third.");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "r4", "First sentence. Second sentence. Third.", "stop"));
    // a later reply is spoken normally; a stop naming another run does not touch it
    delta(vertx, "r5", "New reply. ", "New reply. ");
    Bus.publish(vertx.eventBus(), Addresses.TTS_STOP, new TtsStop("someone-else", "test"));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "r5", "New reply. Fine.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r4#0 First sentence.", "r5#0 New reply.", "r5#1 Fine.",
        "r5 done 2 final"), said));
  }
}
