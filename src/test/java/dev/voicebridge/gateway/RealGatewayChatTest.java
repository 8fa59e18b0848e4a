package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.RawGatewayClient;
import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import dev.voicebridge.bus.GatewayMessages.WakeRoute;
import io.vertx.core.json.JsonArray;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.Speakability;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnView;
import dev.voicebridge.bus.ToolStatus;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.TestBridge;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge against a real OpenClaw gateway with a scripted model: one bridge for the class, talking in
 * a session of its own; each test picks the model's reply with a trigger phrase of its own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealGatewayChatTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  static Path dir;

  static SharedGateway shared;
  static MockModel model;
  static TestBridge bridge;

  @BeforeAll
  static void startBridge() {
    shared = SharedGateway.get();
    model = shared.model();
    bridge = TestBridge.connected(dir, shared, "chat-test");
  }

  @AfterAll
  static void stopBridge() {
    if (bridge != null) {
      bridge.close();
    }
  }

  private static TurnAnswered answerOf(InputAccepted accepted) {
    return bridge.bus().await(Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class,
        a -> a.sessionUuid().equals(accepted.sessionUuid()) && a.userTurnIndex() == accepted.turnIndex(), WAIT);
  }

  @Test
  void theGatewaysWakeTriggersReachTheBusOnConnectAndLiveWhenAnotherClientChangesThem() throws Exception {
    VoiceWake first = bridge.bus().await(Addresses.GATEWAY_VOICEWAKE, VoiceWake.class, w -> !w.triggers().isEmpty(), WAIT);
    assertTrue(first.triggers().contains("computer"), "the gateway's defaults: " + first.triggers());
    assertEquals(WakeRoute.CURRENT, first.defaultRoute());
    RawGatewayClient phone = shared.client();
    try {
      phone.request("voicewake.set", new JsonObject().put("triggers", new JsonArray().add("hey kitchen").add("computer")))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      VoiceWake changed = bridge.bus().await(Addresses.GATEWAY_VOICEWAKE, VoiceWake.class,
          w -> w.triggers().contains("hey kitchen"), WAIT);
      assertEquals(List.of("hey kitchen", "computer"), changed.triggers());
    } finally {
      phone.request("voicewake.set", new JsonObject().put("triggers", new JsonArray()))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS); // back to the gateway's defaults
      phone.close();
    }
  }

  @Test
  void handshakeReportsTheServerAndAChatRoundTripStreamsAndIsStored() {
    GatewayStatus connected = bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class,
        s -> s.state() == LinkState.CONNECTED, WAIT);
    assertEquals(OpenClawGateway.VERSION, connected.serverVersion());
    assertNotNull(connected.connId());
    assertEquals("main", connected.defaultAgentId());

    String trigger = SharedGateway.trigger("hello");
    String reply = "Hello from the mock model. This reply was streamed in several pieces.";
    model.when(trigger, MockModel.Text.slow(reply, 120));
    InputAccepted accepted = bridge.say("Say hello " + trigger);
    assertEquals(Delivery.SENT, accepted.delivery());
    assertNotNull(accepted.runId());

    TurnAnswered answered = answerOf(accepted);
    assertEquals(MessageType.FINAL, answered.outcome());
    assertEquals(reply, answered.text());

    List<ReplyDelta> deltas = bridge.bus().all(Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class,
        d -> d.runId().equals(accepted.runId()));
    assertTrue(deltas.size() >= 2, "the reply streamed in more than one delta: " + deltas.size());
    for (int i = 1; i < deltas.size(); i++) {
      assertTrue(deltas.get(i).text().startsWith(deltas.get(i - 1).text()), "each delta extends the text so far");
    }
    assertEquals("agent:main:chat-test", deltas.get(0).sessionKey());
    ReplyFinal fin = bridge.bus().await(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class,
        f -> f.runId().equals(accepted.runId()), WAIT);
    assertEquals(reply, fin.text());

    TurnView user = bridge.turn(accepted.sessionUuid(), accepted.turnIndex());
    assertEquals(Role.USER, user.role());
    assertEquals(Delivery.ANSWERED, user.delivery());
    assertEquals(accepted.runId(), user.runId());
    assertEquals(accepted.idempotencyKey(), user.idempotencyKey());
    TurnView assistant = bridge.turn(accepted.sessionUuid(), answered.assistantTurnIndex());
    assertEquals(Role.ASSISTANT, assistant.role());
    assertEquals(reply, assistant.content());
    assertEquals(MessageType.FINAL, assistant.messageType());
    assertEquals(Speakability.SPEAK, assistant.speakability());
    assertEquals("run:" + accepted.runId(), assistant.idempotencyKey());
  }

  @Test
  void whatIsSaidTakesTheSamePathAsWhatIsTyped() {
    String trigger = SharedGateway.trigger("voice");
    model.when(trigger, MockModel.Text.of("I heard you."));
    Bus.publish(bridge.vertx().eventBus(), Addresses.STT_TRANSCRIPT,
        new SttTranscript("utt-1", "What did I just say " + trigger, "vosk", 1800, 120, "wake_word"));
    TurnAnswered answered = bridge.bus().await(Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class,
        a -> "I heard you.".equals(a.text()), WAIT);
    TurnView user = bridge.turn(answered.sessionUuid(), answered.userTurnIndex());
    assertEquals("What did I just say " + trigger, user.content());
    assertEquals(Delivery.ANSWERED, user.delivery());
  }

  @Test
  void aToolCallIsPublishedAndStoredAsAToolExecution() {
    String trigger = SharedGateway.trigger("tool");
    model.when(trigger, new MockModel.ToolCall("call_ls_1", "ls", new JsonObject().put("path", "."),
        MockModel.Text.of("The workspace has a few files.")));
    InputAccepted accepted = bridge.say("List the files " + trigger);
    TurnAnswered answered = answerOf(accepted);
    assertEquals("The workspace has a few files.", answered.text());

    List<ToolEvent> events = bridge.bus().all(Addresses.GATEWAY_TOOL, ToolEvent.class,
        e -> e.runId().equals(accepted.runId()));
    assertTrue(events.stream().anyMatch(e -> e.phase().equals("start") && "ls".equals(e.name())
        && ".".equals(e.args().getString("path"))), "tool start event: " + events);
    assertTrue(events.stream().anyMatch(e -> e.phase().equals("result") && Boolean.FALSE.equals(e.isError())
        && e.result() != null && !e.result().isBlank()), "tool result event: " + events);

    List<ToolView> tools = bridge.tools(accepted.sessionUuid()).stream()
        .filter(t -> "call_ls_1".equals(t.toolCallId())).toList();
    assertEquals(1, tools.size());
    ToolView tool = tools.get(0);
    assertEquals("ls", tool.toolName());
    assertEquals(ToolStatus.COMPLETED, tool.status());
    assertEquals(".", tool.parameters().getString("path"));
    assertFalse(tool.result().isBlank());
    assertNotNull(tool.startedAt());
    assertNotNull(tool.completedAt());
    assertEquals(accepted.runId(), tool.runId());

    TurnView assistant = bridge.turn(accepted.sessionUuid(), answered.assistantTurnIndex());
    assertEquals("ls", assistant.toolCalls().getJsonObject(0).getString("name"));
  }

  @Test
  void anInterruptAbortsTheRunAndTheFragmentIsStored() {
    String trigger = SharedGateway.trigger("abort");
    model.when(trigger, MockModel.Text.slow("one two three four five six seven eight nine ten eleven twelve "
        + "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty", 300));
    InputAccepted accepted = bridge.say("Count slowly " + trigger);
    bridge.bus().await(Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class, d -> d.runId().equals(accepted.runId()), WAIT);
    Bus.publish(bridge.vertx().eventBus(), Addresses.BRIDGE_INTERRUPT, new BridgeInterrupt("barge-in", null));

    ReplyAborted aborted = bridge.bus().await(Addresses.GATEWAY_REPLY_ABORTED, ReplyAborted.class,
        a -> a.runId().equals(accepted.runId()), WAIT);
    assertTrue(aborted.text().startsWith("one"), aborted.text());
    assertFalse(aborted.text().contains("twenty"), "aborted before the end: " + aborted.text());
    TurnAnswered answered = answerOf(accepted);
    assertEquals(MessageType.INTERRUPT, answered.outcome());
    TurnView fragment = bridge.turn(accepted.sessionUuid(), answered.assistantTurnIndex());
    assertEquals(MessageType.INTERRUPT, fragment.messageType());
    assertEquals(Speakability.SILENT, fragment.speakability());
    assertEquals(aborted.text(), fragment.content());
    assertEquals(Delivery.ANSWERED, bridge.turn(accepted.sessionUuid(), accepted.turnIndex()).delivery());
    assertTrue(bridge.bus().all(Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class,
        f -> f.runId().equals(accepted.runId())).isEmpty(), "an aborted run has no final");
  }

  @Test
  void aProviderErrorIsStoredAsAnErrorTurnOnce() {
    String trigger = SharedGateway.trigger("error");
    model.when(trigger, new MockModel.HttpError(400, "mock provider failure"));
    InputAccepted accepted = bridge.say("Fail please " + trigger);
    TurnAnswered answered = answerOf(accepted);
    assertEquals(MessageType.ERROR, answered.outcome());
    TurnView error = bridge.turn(accepted.sessionUuid(), answered.assistantTurnIndex());
    assertEquals(MessageType.ERROR, error.messageType());
    assertTrue(error.content().contains("LLM request failed"), error.content());
    assertEquals(Delivery.ANSWERED, bridge.turn(accepted.sessionUuid(), accepted.turnIndex()).delivery());

    // The gateway reports the error twice; events of one connection arrive in order, so once a later
    // turn is answered the repeat has been seen and must not have been published.
    String next = SharedGateway.trigger("after-error");
    model.when(next, MockModel.Text.of("Fine again."));
    answerOf(bridge.say("And now? " + next));
    assertEquals(1, bridge.bus().all(Addresses.GATEWAY_REPLY_ERROR, ReplyError.class,
        e -> e.runId().equals(accepted.runId())).size());
    assertEquals(1, bridge.assistantTurns(accepted.sessionUuid()).stream()
        .filter(t -> ("run:" + accepted.runId()).equals(t.idempotencyKey())).count());
  }
}
