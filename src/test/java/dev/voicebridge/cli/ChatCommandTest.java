package dev.voicebridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.MockModel;
import dev.voicebridge.testkit.ChatProcess;
import dev.voicebridge.testkit.FakeGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.voicebridge.testkit.SharedGateway;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code voice-bridge chat} as a user runs it: its own JVM, lines piped in, the reply on stdout. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChatCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir
  Path dir;

  private List<String> args(String url, String session, String... more) {
    List<String> args = new ArrayList<>(List.of("chat", "--gateway", url, "--session", session,
        "--db", dir.resolve("chat.db").toString(), "--set", "gateway.identityDir=" + dir.resolve("identity")));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void pipedLinesAreAnsweredInTurnAndTheCommandEndsAfterTheLastReply() throws Exception {
    SharedGateway shared = SharedGateway.get();
    String one = SharedGateway.trigger("chat-one");
    String two = SharedGateway.trigger("chat-two");
    shared.model().when(one, MockModel.Text.slow("The first reply, streamed.", 80));
    shared.model().when(two, MockModel.Text.of("The second reply."));
    try (ChatProcess chat = ChatProcess.start(dir, args(shared.url(), "cli-chat", "--token", shared.token()), Map.of())) {
      chat.send("First " + one);
      chat.send("Second " + two);
      chat.closeInput();
      assertEquals(0, chat.awaitExit(WAIT), chat.stderr());
      assertEquals(List.of("The first reply, streamed.", "The second reply."), chat.stdout().lines().toList());
      assertFalse(chat.stderr().contains(shared.token()), "the token is never printed");
    }
  }

  @Test
  void aWrongTokenEndsWithOneClearErrorAndStatusOne() throws Exception {
    SharedGateway shared = SharedGateway.get();
    String wrong = "not-the-token-" + System.nanoTime();
    try (ChatProcess chat = ChatProcess.start(dir, args(shared.url(), "cli-wrong"),
        Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", wrong))) {
      chat.send("Hello?");
      chat.closeInput();
      assertEquals(1, chat.awaitExit(WAIT));
      assertTrue(chat.stderr().contains("voice-bridge: the gateway at " + shared.url() + " rejected the token "
          + "(AUTH_TOKEN_MISMATCH)"), chat.stderr());
      assertFalse(chat.stderr().contains(wrong) || chat.stdout().contains(wrong), "the token is never printed");
      assertEquals("", chat.stdout());
    }
  }

  @Test
  void aLineTypedLateInAnOutageGetsTheWholeWaitAndIsAnsweredWhenTheGatewayIsBack() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeGateway fake = FakeGateway.start(vertx);
    fake.handle("chat.send", (req, p) -> {
      String runId = p.getString("idempotencyKey");
      req.reply(new JsonObject().put("runId", runId).put("status", "started"));
      req.connection().event("chat", new JsonObject().put("runId", runId).put("sessionKey", "agent:main:cli-outage")
          .put("seq", 1).put("state", "final").put("message", new JsonObject().put("role", "assistant")
              .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", "Back again.")))));
    });
    try (ChatProcess chat = ChatProcess.start(dir, args(fake.url(), "cli-outage", "--token", "t", "--wait", "4"),
        Map.of())) {
      FakeGateway.Connection first = fake.awaitConnection(1, WAIT);
      Thread.sleep(1000);
      fake.accepting(false);
      first.close(1012, "service restart");
      Thread.sleep(3000); // 3 of the 4 s of --wait pass before the question is typed...
      chat.send("Are you there?");
      Thread.sleep(2500); // ...and the gateway is back 5.5 s after it left: within the wait, counted from the line
      fake.accepting(true);
      chat.awaitOutput("Back again.", WAIT);
      chat.closeInput();
      assertEquals(0, chat.awaitExit(WAIT), chat.stderr());
      assertEquals(1, fake.requests("chat.send").size(), "sent once");
    } finally {
      fake.close();
      vertx.close();
    }
  }

  @Test
  void aGatewayThatIsNotThereEndsAfterTheWait() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (ChatProcess chat = ChatProcess.start(dir, args("ws://127.0.0.1:" + port, "cli-nobody", "--token", "t",
        "--wait", "2"), Map.of())) {
      chat.closeInput();
      assertEquals(1, chat.awaitExit(WAIT));
      assertTrue(chat.stderr().contains("did not answer within 2 s"), chat.stderr());
      assertFalse(chat.stderr().contains("Exception"), "no stack trace: " + chat.stderr());
    }
  }
}
