package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.ConnectFailurePolicy.Decision;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectFailurePolicyTest {

  private final GatewaySettings settings = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.token", "t")));
  private final ConnectAuth auth = new ConnectAuth("t", null, null, "t");

  private static GatewayError error(String code, String detail, JsonObject more) {
    JsonObject e = new JsonObject().put("code", code).put("message", "m");
    if (detail != null) {
      e.put("details", new JsonObject().put("code", detail).mergeIn(more));
    }
    return GatewayError.of(e);
  }

  @Test
  void aWrongTokenIsRetriedOnceWithTheDeviceTokenOnLoopbackThenStops() {
    GatewayError mismatch = error("INVALID_REQUEST", "AUTH_TOKEN_MISMATCH", new JsonObject());
    assertInstanceOf(Decision.RetryWithDeviceToken.class, ConnectFailurePolicy.decide(mismatch, settings, ConnectRole.operator(settings), auth, true, false));
    Decision stop = ConnectFailurePolicy.decide(mismatch, settings, ConnectRole.operator(settings), auth, true, true);
    assertTrue(((Decision.Stop) stop).message().contains("VOICE_BRIDGE_GATEWAY_TOKEN"));
    assertInstanceOf(Decision.Stop.class, ConnectFailurePolicy.decide(mismatch, settings, ConnectRole.operator(settings), auth, false, false));
    GatewaySettings remote = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.token", "t",
        "gateway.url", "ws://192.0.2.10:18789")));
    assertInstanceOf(Decision.Stop.class, ConnectFailurePolicy.decide(mismatch, remote, ConnectRole.operator(remote), auth, true, false),
        "a stored device token is not offered to a gateway that could be an impostor");
  }

  @Test
  void startupUnavailabilityIsRetriedAfterTheHint() {
    GatewayError e = GatewayError.of(new JsonObject().put("code", "UNAVAILABLE").put("message", "starting")
        .put("retryable", true).put("retryAfterMs", 250).put("details", new JsonObject().put("reason", "startup-sidecars")));
    Decision d = ConnectFailurePolicy.decide(e, settings, ConnectRole.operator(settings), auth, false, false);
    assertEquals(250L, ((Decision.Retry) d).delayMs());
  }

  @Test
  void pairingIsWaitedForOnlyWhenTheGatewaySaysSo() {
    Decision waits = ConnectFailurePolicy.decide(error("NOT_PAIRED", "PAIRING_REQUIRED",
        new JsonObject().put("pauseReconnect", false)), settings, ConnectRole.operator(settings), auth, false, false);
    assertInstanceOf(Decision.Retry.class, waits);
    Decision stops = ConnectFailurePolicy.decide(error("NOT_PAIRED", "PAIRING_REQUIRED",
        new JsonObject().put("requestId", "req-7")), settings, ConnectRole.operator(settings), auth, false, false);
    assertTrue(((Decision.Stop) stops).message().contains("openclaw devices approve req-7"));
    // a node waits for the user's approval while the bridge runs (the operator cannot: nothing works without it)
    ConnectRole node = new ConnectRole("node", "node-host", "node", java.util.List.of(), java.util.List.of("talk"),
        java.util.List.of("system.notify"), "Linux", "Kitchen");
    Decision nodeWaits = ConnectFailurePolicy.decide(error("NOT_PAIRED", "PAIRING_REQUIRED",
        new JsonObject().put("requestId", "req-8")), settings, node, auth, false, false);
    assertTrue(((Decision.Retry) nodeWaits).reason().contains("openclaw devices approve req-8"));
  }

  @Test
  void aDeviceTokenTheGatewayNoLongerKnowsIsForgotten() {
    Decision d = ConnectFailurePolicy.decide(error("INVALID_REQUEST", "AUTH_DEVICE_TOKEN_MISMATCH", new JsonObject()),
        settings, ConnectRole.operator(settings), new ConnectAuth(null, "d", null, "d"), true, false);
    assertTrue(((Decision.Stop) d).clearStoredDeviceToken());
  }

  @Test
  void otherRefusalsAreRetriedWithTheBackoffOrStopWhenTheRequestIsInvalid() {
    assertInstanceOf(Decision.Retry.class, ConnectFailurePolicy.decide(error("INTERNAL", null, null), settings,
        ConnectRole.operator(settings), auth, false, false));
    assertInstanceOf(Decision.Stop.class, ConnectFailurePolicy.decide(error("INVALID_REQUEST", null, null), settings,
        ConnectRole.operator(settings), auth, false, false));
  }
}
