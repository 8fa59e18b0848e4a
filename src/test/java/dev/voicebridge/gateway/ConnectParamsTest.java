package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConnectParamsTest {

  /**
   * The captured connect was accepted by a real gateway: rebuilding its signed payload with our format
   * must give exactly the bytes its signature covers.
   */
  @Test
  void theSignedPayloadFormatMatchesAConnectARealGatewayAccepted() {
    JsonObject connect = CapturedFrames.first("out", f -> "connect".equals(f.getString("method")))
        .getJsonObject("params");
    JsonObject device = connect.getJsonObject("device");
    JsonObject client = connect.getJsonObject("client");
    String payload = ConnectParams.signedPayload(device.getString("id"), client.getString("id"),
        client.getString("mode"), connect.getString("role"), connect.getJsonArray("scopes").getList(),
        device.getLong("signedAt"), connect.getJsonObject("auth").getString("token"), device.getString("nonce"),
        client.getString("platform"), null);
    assertTrue(DeviceIdentity.verify(device.getString("publicKey"), payload, device.getString("signature")), payload);
    assertFalse(DeviceIdentity.verify(device.getString("publicKey"), payload.replace("|linux|", "|Linux|"),
        device.getString("signature")), "the platform is signed lower-cased");
  }

  @Test
  void builtParamsCarryAVerifiableProofOverTheChallenge() {
    GatewaySettings settings = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.token", "secret")));
    DeviceIdentity identity = DeviceIdentity.generate();
    ConnectParams.Challenge challenge = new ConnectParams.Challenge("nonce-1", 1_795_500_914_068L);
    JsonObject p = ConnectParams.build(settings, identity, ConnectAuth.select(settings, Optional.empty(), false),
        challenge);
    JsonObject device = p.getJsonObject("device");
    assertEquals(identity.deviceId(), device.getString("id"));
    assertEquals("nonce-1", device.getString("nonce"));
    assertEquals(1_795_500_914_068L, device.getLong("signedAt"));
    String expected = ConnectParams.signedPayload(identity.deviceId(), "cli", "cli", "operator",
        List.of("operator.read", "operator.write"), challenge.ts(), "secret", "nonce-1", GatewaySettings.platform(), null);
    assertTrue(DeviceIdentity.verify(device.getString("publicKey"), expected, device.getString("signature")));
    assertEquals(new JsonObject().put("token", "secret"), p.getJsonObject("auth"));
  }

  @Test
  void authIsChosenAsTheReferenceClientDoes() {
    DeviceToken stored = new DeviceToken("device-tok", "operator", List.of("operator.read"), null);
    GatewaySettings withToken = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.token", "shared")));
    GatewaySettings none = GatewaySettings.from(BridgeConfig.defaults());
    GatewaySettings password = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.password", "pw")));

    assertEquals(new ConnectAuth("shared", null, null, "shared"), ConnectAuth.select(withToken, Optional.of(stored), false));
    assertEquals(new ConnectAuth("shared", "device-tok", null, "shared"),
        ConnectAuth.select(withToken, Optional.of(stored), true), "the one retry after AUTH_TOKEN_MISMATCH");
    assertEquals(new ConnectAuth(null, "device-tok", null, "device-tok"), ConnectAuth.select(none, Optional.of(stored),
        false), "the stored device token alone");
    assertEquals(new ConnectAuth(null, null, "pw", null), ConnectAuth.select(password, Optional.of(stored), false));
    assertTrue(ConnectAuth.select(none, Optional.empty(), false).isEmpty());
    assertFalse(ConnectAuth.select(withToken, Optional.of(stored), true).toString().contains("shared"));
    assertFalse(withToken.toString().contains("shared"), "settings never print the token");
  }
}
