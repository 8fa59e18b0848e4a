package dev.voicebridge.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** What the bridge uses of {@code hello-ok}: who the server is, its limits, and the device token it issued. */
public record HelloOk(
    int protocol,
    String serverVersion,
    String connId,
    String defaultAgentId,
    int maxPayload,
    long tickIntervalMs,
    DeviceToken deviceToken) {

  static final long DEFAULT_TICK_MS = 30_000;

  static HelloOk of(JsonObject payload) throws ProtocolException {
    if (!"hello-ok".equals(payload.getValue("type"))) {
      throw new ProtocolException("bad-hello", "the connect response is not a hello-ok");
    }
    JsonObject server = object(payload, "server");
    JsonObject policy = object(payload, "policy");
    JsonObject auth = object(payload, "auth");
    JsonObject defaults = object(object(payload, "snapshot"), "sessionDefaults");
    DeviceToken token = null;
    if (auth.getValue("deviceToken") instanceof String t && !t.isBlank()) {
      List<String> scopes = new ArrayList<>();
      if (auth.getValue("scopes") instanceof JsonArray a) {
        a.forEach(s -> scopes.add(String.valueOf(s)));
      }
      token = new DeviceToken(t, auth.getValue("role") instanceof String r ? r : ConnectParams.ROLE, scopes,
          auth.getValue("issuedAtMs") instanceof Number n ? n.longValue() : null);
    }
    return new HelloOk(
        payload.getValue("protocol") instanceof Number p ? p.intValue() : ConnectParams.PROTOCOL,
        server.getValue("version") instanceof String v ? v : "unknown",
        server.getValue("connId") instanceof String c ? c : null,
        defaults.getValue("defaultAgentId") instanceof String a ? a : "main",
        policy.getValue("maxPayload") instanceof Number m && m.intValue() > 0 ? m.intValue() : Integer.MAX_VALUE,
        policy.getValue("tickIntervalMs") instanceof Number t && t.longValue() > 0 ? t.longValue() : DEFAULT_TICK_MS,
        token);
  }

  private static JsonObject object(JsonObject parent, String field) {
    return parent.getValue(field) instanceof JsonObject o ? o : new JsonObject();
  }

  @Override
  public String toString() {
    return "HelloOk[protocol=" + protocol + ", server=" + serverVersion + ", connId=" + connId + ", maxPayload="
        + maxPayload + ", tickIntervalMs=" + tickIntervalMs + ", deviceToken=" + (deviceToken != null) + "]";
  }
}
