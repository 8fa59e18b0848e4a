package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.testkit.LogCapture;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.TestBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Authentication against a real gateway: the device identity and token, a wrong token, secrets in logs. */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealGatewayAuthTest {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private static boolean connected(GatewayStatus s) {
    return s.state() == LinkState.CONNECTED;
  }

  @Test
  void theDeviceIdentityAndTokenAreKeptPrivateAndTheTokenIsReusedWithoutTheSharedToken() throws Exception {
    SharedGateway shared = SharedGateway.get();
    Map<String, String> settings = TestBridge.settings(dir, shared.url(), shared.token(), "auth-device");
    try (TestBridge bridge = TestBridge.start(settings)) {
      bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class, RealGatewayAuthTest::connected, WAIT);
    }
    Path identity = dir.resolve("identity");
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity)));
    for (String file : List.of(IdentityStore.KEY_FILE, IdentityStore.TOKEN_FILE)) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(identity.resolve(file))),
          file);
    }
    String deviceId = new IdentityStore(identity).loadOrCreate().deviceId();
    assertTrue(new IdentityStore(identity).deviceToken(shared.url()).isPresent(), "hello-ok's device token is stored");

    // Without the shared token the stored device token authenticates the same device.
    settings.put("gateway.token", "");
    try (TestBridge bridge = TestBridge.start(settings)) {
      bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class, RealGatewayAuthTest::connected, WAIT);
      String trigger = SharedGateway.trigger("device-token");
      shared.model().when(trigger, MockModel.Text.of("Paired and talking."));
      InputAccepted accepted = bridge.say("Still there? " + trigger);
      TurnAnswered answered = bridge.bus().await(Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class,
          a -> a.userTurnIndex() == accepted.turnIndex(), WAIT);
      assertEquals("Paired and talking.", answered.text());
    }
    assertEquals(deviceId, new IdentityStore(identity).loadOrCreate().deviceId(), "the key pair is reused");

    // A wrong shared token on a loopback gateway: one retry with the stored device token, as the
    // gateway's reference client does, and a warning that says which setting is wrong.
    settings.put("gateway.token", "no-longer-the-token");
    try (LogCapture logs = new LogCapture(); TestBridge bridge = TestBridge.start(settings)) {
      bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class, RealGatewayAuthTest::connected, WAIT);
      assertEquals(2, bridge.bus().all(Addresses.GATEWAY_STATUS, GatewayStatus.class,
          s -> s.state() == LinkState.CONNECTING).size());
      assertTrue(logs.lines(Level.WARN).stream().anyMatch(l -> l.contains("correct gateway.token")), logs.lines(Level.WARN)
          .toString());
    }
  }

  @Test
  void aWrongTokenStopsWithOneClearMessageAndNoRetryStorm() throws Exception {
    SharedGateway shared = SharedGateway.get();
    String wrong = "wrong-token-" + System.nanoTime();
    try (LogCapture logs = new LogCapture();
        TestBridge bridge = TestBridge.start(TestBridge.settings(dir, shared.url(), wrong, "auth-wrong"))) {
      GatewayStatus halted = bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class,
          s -> Boolean.FALSE.equals(s.willRetry()), WAIT);
      assertEquals("AUTH_TOKEN_MISMATCH", halted.errorCode());
      assertTrue(halted.reason().contains("gateway.token") && halted.reason().contains("VOICE_BRIDGE_GATEWAY_TOKEN"),
          halted.reason());

      // Typed input is kept for later rather than lost, and nothing retries: the reconnect delay is
      // 200 ms here, so a retry loop would have made several more attempts by the time this answers.
      InputAccepted kept = bridge.say("Is anybody there?");
      assertEquals(Delivery.PENDING, kept.delivery());
      Thread.sleep(1500);
      assertEquals(1, bridge.bus().all(Addresses.GATEWAY_STATUS, GatewayStatus.class,
          s -> s.state() == LinkState.CONNECTING).size(), "exactly one connect attempt");
      List<String> errors = logs.lines(Level.ERROR);
      assertEquals(1, errors.size(), "one error line: " + errors);
      assertTrue(errors.get(0).contains("rejected the token"), errors.get(0));
      assertFalse(String.join("\n", logs.lines()).contains(wrong), "the token is never logged");
    }
  }

  @Test
  void theTokenNeverAppearsInTheLogsOfAWholeConversation() {
    SharedGateway shared = SharedGateway.get();
    try (LogCapture logs = new LogCapture();
        TestBridge bridge = TestBridge.start(TestBridge.settings(dir, shared.url(), shared.token(), "auth-logs"))) {
      bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class, RealGatewayAuthTest::connected, WAIT);
      String trigger = SharedGateway.trigger("logs");
      shared.model().when(trigger, MockModel.Text.slow("Nothing secret in here.", 50));
      InputAccepted accepted = bridge.say("Log everything " + trigger);
      bridge.bus().await(Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class,
          a -> a.userTurnIndex() == accepted.turnIndex(), WAIT);
      String all = String.join("\n", logs.lines());
      assertTrue(all.contains("connected to the OpenClaw gateway"), "debug logging was captured");
      assertFalse(all.contains(shared.token()), "the gateway token is not in the logs");
      String deviceToken = new IdentityStore(dir.resolve("identity")).deviceToken(shared.url()).orElseThrow().token();
      assertFalse(all.contains(deviceToken), "the device token is not in the logs");
    }
  }
}
