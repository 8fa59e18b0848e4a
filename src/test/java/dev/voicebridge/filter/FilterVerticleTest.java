package dev.voicebridge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
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

  private final List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();

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
    vertx.eventBus().<JsonObject>consumer(Addresses.SPEECH_HALT, m -> {
      SpeechHalt h = BusJson.decode(m.body(), SpeechHalt.class);
      said.add("halt " + h.runIds() + (h.all() ? " all" : "") + " " + h.reason() + (h.abort() ? " abort" : ""));
    });
    vertx.deployVerticle(new FilterVerticle(settings, SpeakGate.SpeakRuns.OWN, "main"))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** The session says the run is this device's (it sent the turn). */
  private static void claim(Vertx vertx, String... runIds) {
    for (String runId : runIds) {
      Bus.publish(vertx.eventBus(), Addresses.SESSION_RUN, new RunClaimed(runId, "main"));
    }
  }

  private static void delta(Vertx vertx, String runId, String whole, String increment) {
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_DELTA, new ReplyDelta("agent:main:main", runId, increment, whole, false));
  }

  /** Waits until the filter has said {@code entry}. */
  private void awaitSaid(String entry) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!said.contains(entry) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(said.contains(entry), "said " + entry + ": " + said);
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
    claim(vertx, "r1");
    delta(vertx, "r1", "**Hi!** The", "**Hi!** The");
    delta(vertx, "r1", "**Hi!** The weather is *fine*. See https://x.org/a.", "weather is *fine*. See https://x.org/a.");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL,
        new ReplyFinal("agent:main:main", "r1", "**Hi!** The weather is *fine*. See https://x.org/a.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r1#0 Hi!", "r1#1 The weather is fine.", "r1#2 See x.org.",
        "r1 done 3 final"), said));
  }

  @Test
  void twoRepliesInterleavedStayApart(Vertx vertx, VertxTestContext ctx) throws Exception {
    claim(vertx, "a", "b");
    delta(vertx, "a", "Alpha one. Al", "Alpha one. Al");
    delta(vertx, "b", "Beta one. Be", "Beta one. Be");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "a", "Alpha one. Alpha two.", "stop"));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "b", "Beta one. Beta two.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("a#0 Alpha one.", "b#0 Beta one.", "a#1 Alpha two.", "a done 2 final",
        "b#1 Beta two.", "b done 2 final"), said));
  }

  @Test
  void toolOutputIsNeverSpokenAndAFailedToolIsSaidOnce(Vertx vertx, VertxTestContext ctx) throws Exception {
    claim(vertx, "r2");
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
    claim(vertx, "r3");
    delta(vertx, "r3", "I found it. The file", "I found it. The file");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_ERROR, new ReplyError("k", "r3", "model overloaded", "overloaded"));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_ERROR, new ReplyError("k", "r3", "model overloaded", "overloaded"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r3#0 I found it.", "r3#1 Sorry, something went wrong.",
        "r3 done 2 error"), said));
  }

  @Test
  void aHaltedRunIsNeverSpokenAgain(Vertx vertx, VertxTestContext ctx) throws Exception {
    claim(vertx, "r4", "r5");
    delta(vertx, "r4", "First sentence. Second", "First sentence. Second");
    awaitSaid("r4#0 First sentence."); // (else the halt may be recorded before the sentence it follows)
    // the session's decision after a barge-in: everything stops, r4 is aborted
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_HALT, new SpeechHalt(List.of("r4"), true, "barge_in", true));
    delta(vertx, "r4", "First sentence. Second sentence. Third.", " sentence. Third.");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "r4", "First sentence. Second sentence. Third.", "stop"));
    // a later reply is spoken normally; a halt naming another run does not touch it
    delta(vertx, "r5", "New reply. ", "New reply. ");
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_HALT, new SpeechHalt(List.of("someone-else"), false, "stop", false));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "r5", "New reply. Fine.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r4#0 First sentence.", "halt [r4] all barge_in abort",
        "halt [someone-else] stop", "r5#0 New reply.", "r5#1 Fine.", "r5 done 2 final"), said));
  }

  @Test
  void aHaltOfEverythingAlsoStopsRunsItDidNotName(Vertx vertx, VertxTestContext ctx) throws Exception {
    claim(vertx, "r7");
    delta(vertx, "r7", "One. Two", "One. Two");
    awaitSaid("r7#0 One.");
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_HALT, new SpeechHalt(List.of(), true, "stop", false));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "r7", "One. Two. Three.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r7#0 One.", "halt [] all stop"), said));
  }

  @Test
  void anotherClientsRunIsNotSpoken(Vertx vertx, VertxTestContext ctx) throws Exception {
    // a reply to the user's phone in the same session, and one in another session: neither is this device's
    delta(vertx, "phone", "Hello from the phone. ", "Hello from the phone. ");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("agent:main:main", "phone",
        "Hello from the phone. Bye.", "stop"));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_DELTA, new ReplyDelta("agent:main:office", "office",
        "Office. ", "Office. ", false));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("agent:main:office", "office",
        "Office. Done.", "stop"));
    // a claim after the run ended changes nothing
    claim(vertx, "phone");
    thenCheck(vertx, ctx, () -> assertEquals(List.of(), said));
  }

  @Test
  void deltasBeforeTheClaimAreHeldAndSpokenOnceClaimed(Vertx vertx, VertxTestContext ctx) throws Exception {
    // the gateway may stream a run before the send's acknowledgement (and so the claim) arrives
    delta(vertx, "r6", "Early words. Mo", "Early words. Mo");
    claim(vertx, "r6");
    delta(vertx, "r6", "Early words. More words.", "re words.");
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("agent:main:main", "r6",
        "Early words. More words.", "stop"));
    thenCheck(vertx, ctx, () -> assertEquals(List.of("r6#0 Early words.", "r6#1 More words.", "r6 done 2 final"),
        said));
  }

  @Test
  void sessionModeAlsoSpeaksOtherClientsInTheSameSessionOnly(Vertx vertx, VertxTestContext ctx) throws Exception {
    FilterSettings settings = FilterSettings.from(BridgeConfig.defaults());
    List<String> heard = new ArrayList<>();
    Vertx other = Vertx.vertx();
    try {
      other.eventBus().<JsonObject>consumer(Addresses.SPEECH_SAY, m -> heard.add(BusJson.decode(m.body(),
          SpeechSay.class).text()));
      other.deployVerticle(new FilterVerticle(settings, SpeakGate.SpeakRuns.SESSION, "main"))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      Bus.publish(other.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("agent:main:main", "phone",
          "From the phone.", "stop"));
      Bus.publish(other.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("agent:main:office", "office",
          "From the office.", "stop"));
      Thread.sleep(300);
      assertEquals(List.of("From the phone."), heard);
      ctx.completeNow();
    } finally {
      other.close();
    }
  }
}
