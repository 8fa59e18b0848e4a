package dev.voicebridge.gateway;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Which credentials a connect carries, chosen as the gateway's reference client does: the shared token
 * when one is configured (plus the stored device token on the single retry after AUTH_TOKEN_MISMATCH), the
 * password when that is configured instead, otherwise the device token a previous connect stored. The
 * {@code signatureToken} is the token that goes into the signed device payload. {@link #toString()} hides
 * every secret.
 */
public record ConnectAuth(String token, String deviceToken, String password, String signatureToken) {

  public static ConnectAuth select(GatewaySettings settings, Optional<DeviceToken> stored, boolean deviceTokenRetry) {
    if (settings.hasToken()) {
      String retryToken = deviceTokenRetry ? stored.map(DeviceToken::token).orElse(null) : null;
      return new ConnectAuth(settings.token(), retryToken, null, settings.token());
    }
    if (settings.hasPassword()) {
      return new ConnectAuth(null, null, settings.password(), null);
    }
    return stored.map(d -> new ConnectAuth(null, d.token(), null, d.token()))
        .orElse(new ConnectAuth(null, null, null, null));
  }

  public boolean isEmpty() {
    return token == null && deviceToken == null && password == null;
  }

  /** {@code connect.params.auth}, or null when there is nothing to send. */
  JsonObject toJson() {
    if (isEmpty()) {
      return null;
    }
    JsonObject auth = new JsonObject();
    if (token != null) {
      auth.put("token", token);
    }
    if (deviceToken != null) {
      auth.put("deviceToken", deviceToken);
    }
    if (password != null) {
      auth.put("password", password);
    }
    return auth;
  }

  @Override
  public String toString() {
    return "ConnectAuth[" + (token != null ? "token " : "") + (deviceToken != null ? "deviceToken " : "")
        + (password != null ? "password" : "") + "]";
  }
}
