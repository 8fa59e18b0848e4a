package dev.voicebridge.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Builds {@code connect.params} for protocol v4 for a {@link ConnectRole} (the operator: read+write scopes and
 * tool events; the node: its commands), signed with the device identity. The gateway's schema is closed, so only documented fields are sent.
 */
public final class ConnectParams {

  public static final int PROTOCOL = 4;
  public static final String ROLE = "operator";
  public static final List<String> SCOPES = List.of("operator.read", "operator.write");
  public static final List<String> CAPS = List.of("tool-events");

  private ConnectParams() {
  }

  /** The challenge the gateway sent first: what the signature must cover. */
  public record Challenge(String nonce, long ts) {

    static Challenge of(JsonObject payload) throws ProtocolException {
      if (!(payload.getValue("nonce") instanceof String nonce) || nonce.isBlank()
          || !(payload.getValue("ts") instanceof Number ts) || ts.longValue() < 0) {
        throw new ProtocolException("bad-challenge", "connect.challenge without a nonce and a non-negative ts");
      }
      return new Challenge(nonce, ts.longValue());
    }
  }

  public static JsonObject build(GatewaySettings settings, DeviceIdentity identity, ConnectAuth auth,
      Challenge challenge) {
    return build(settings, ConnectRole.operator(settings), identity, auth, challenge);
  }

  /** The same with other scopes (the bridge asks for {@link #SCOPES}; tools acting as another client may differ). */
  public static JsonObject build(GatewaySettings settings, DeviceIdentity identity, ConnectAuth auth,
      Challenge challenge, List<String> scopes) {
    return build(settings, ConnectRole.operator(settings).withScopes(scopes), identity, auth, challenge);
  }

  /** {@code connect.params} for one role: what it declares, signed with the device identity. */
  public static JsonObject build(GatewaySettings settings, ConnectRole role, DeviceIdentity identity, ConnectAuth auth,
      Challenge challenge) {
    String platform = GatewaySettings.platform();
    JsonObject client = new JsonObject()
        .put("id", role.clientId())
        .put("version", GatewaySettings.CLIENT_VERSION)
        .put("platform", platform)
        .put("mode", role.clientMode());
    if (role.deviceFamily() != null) {
      client.put("deviceFamily", role.deviceFamily());
    }
    if (role.displayName() != null && !role.displayName().isBlank()) {
      client.put("displayName", role.displayName());
    }
    String signature = identity.sign(signedPayload(identity.deviceId(), role.clientId(), role.clientMode(),
        role.role(), role.scopes(), challenge.ts(), auth.signatureToken(), challenge.nonce(), platform,
        role.deviceFamily()));
    JsonObject params = new JsonObject()
        .put("minProtocol", PROTOCOL)
        .put("maxProtocol", PROTOCOL)
        .put("client", client)
        .put("role", role.role())
        .put("scopes", new JsonArray(role.scopes()))
        .put("caps", new JsonArray(role.caps()));
    if (role.isNode()) {
      // a node declares its commands (the gateway lets through only declared and approved ones)
      params.put("commands", new JsonArray(role.commands())).put("permissions", new JsonObject());
    }
    JsonObject authJson = auth.toJson();
    if (authJson != null) {
      params.put("auth", authJson);
    }
    if (settings.locale() != null && !settings.locale().isBlank()) {
      params.put("locale", settings.locale());
    }
    params.put("userAgent", "voice-bridge/" + GatewaySettings.CLIENT_VERSION);
    params.put("device", new JsonObject()
        .put("id", identity.deviceId())
        .put("publicKey", identity.publicKeyBase64Url())
        .put("signature", signature)
        .put("signedAt", challenge.ts())
        .put("nonce", challenge.nonce()));
    return params;
  }

  /**
   * The v3 device payload: {@code v3|deviceId|clientId|clientMode|role|scopes|signedAt|token|nonce|platform|
   * deviceFamily}, platform and device family lower-cased, absent values empty.
   */
  public static String signedPayload(String deviceId, String clientId, String clientMode, String role,
      List<String> scopes, long signedAtMs, String token, String nonce, String platform, String deviceFamily) {
    return String.join("|", "v3", deviceId, clientId, clientMode, role, String.join(",", scopes),
        Long.toString(signedAtMs), token == null ? "" : token, nonce, lower(platform), lower(deviceFamily));
  }

  private static String lower(String s) {
    return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
  }
}
