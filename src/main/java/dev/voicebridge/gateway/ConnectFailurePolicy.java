package dev.voicebridge.gateway;

import java.net.URI;

/**
 * What to do when the gateway refuses a connect: retry (after its hint, or with the normal backoff),
 * retry once with the stored device token, or stop and tell the user what to fix. Stopping is for
 * failures no retry can cure (a wrong token, a device that must be approved, a protocol mismatch):
 * retrying those in a loop would only hit the gateway's auth rate limit.
 */
public final class ConnectFailurePolicy {

  private static final long MIN_HINT_MS = 100;

  private ConnectFailurePolicy() {
  }

  /** The decision. */
  public sealed interface Decision {
    /** Retry after {@code delayMs}, or after the next backoff delay when null. */
    record Retry(Long delayMs, String reason) implements Decision {
    }

    /** Retry at once, adding the stored device token to the configured token. */
    record RetryWithDeviceToken() implements Decision {
    }

    /** Give up until restarted; {@code message} tells the user what to change. */
    record Stop(String message, boolean clearStoredDeviceToken) implements Decision {
    }
  }

  /**
   * The decision for one role. A node waits for pairing rather than stopping: approving it is something
   * the user does while the bridge runs (the operator must be paired for the bridge to work at all, so
   * there it stops with the command to run).
   */
  public static Decision decide(GatewayError e, GatewaySettings settings, ConnectRole role, ConnectAuth used,
      boolean storedDeviceToken, boolean deviceTokenRetryUsed) {
    String url = settings.url();
    String code = e.specificCode();
    switch (code) {
      case "AUTH_TOKEN_MISMATCH" -> {
        if (settings.hasToken() && storedDeviceToken && !deviceTokenRetryUsed && trustedEndpoint(url)) {
          return new Decision.RetryWithDeviceToken();
        }
        return stop("the gateway at " + url + " rejected the token (AUTH_TOKEN_MISMATCH): set gateway.token, "
            + "VOICE_BRIDGE_GATEWAY_TOKEN or --token to the gateway's gateway.auth.token, then restart the bridge");
      }
      case "AUTH_TOKEN_MISSING", "AUTH_REQUIRED", "AUTH_UNAUTHORIZED" -> {
        return stop("the gateway at " + url + " requires authentication (" + code + ")" + (used.isEmpty()
            ? " and no token is configured: set gateway.token, VOICE_BRIDGE_GATEWAY_TOKEN or --token to the "
                + "gateway's gateway.auth.token"
            : ": check gateway.token / gateway.password") + ", then restart the bridge");
      }
      case "AUTH_PASSWORD_MISSING", "AUTH_PASSWORD_MISMATCH" -> {
        return stop("the gateway at " + url + " rejected the password (" + code + "): set gateway.password to the "
            + "gateway's gateway.auth.password, then restart the bridge");
      }
      case "AUTH_DEVICE_TOKEN_MISMATCH" -> {
        return new Decision.Stop("the gateway at " + url + " no longer accepts this device's stored token "
            + "(AUTH_DEVICE_TOKEN_MISMATCH); it has been forgotten: set gateway.token (or --token) to pair again, "
            + "then restart the bridge", true);
      }
      case "AUTH_SCOPE_MISMATCH" -> {
        return stop("the gateway at " + url + " does not grant this device " + (role.scopes().isEmpty()
            ? "the " + role.role() + " role" : String.join(" and ", role.scopes())) + " "
            + "(AUTH_SCOPE_MISMATCH): approve the device's scope request on the gateway host "
            + "(openclaw devices list, then openclaw devices approve <requestId>)");
      }
      case "PAIRING_REQUIRED" -> {
        String request = e.detail("requestId");
        String how = "approve it on the gateway host: openclaw devices approve "
            + (request != null ? request : "<requestId> (see openclaw devices list)");
        boolean waits = role.isNode() || Boolean.FALSE.equals(e.details().getValue("pauseReconnect"))
            || "wait_then_retry".equals(e.detail("recommendedNextStep"));
        return waits ? new Decision.Retry(null, "this device waits for pairing approval: " + how)
            : stop("the gateway at " + url + " requires this device to be paired (PAIRING_REQUIRED): " + how
                + ", then restart the bridge");
      }
      case "PROTOCOL_MISMATCH", "CLIENT_VERSION_MISMATCH" -> {
        return stop("the gateway at " + url + " does not speak protocol v" + ConnectParams.PROTOCOL + " (" + code
            + ": " + e.message() + "): use a gateway release that supports protocol v" + ConnectParams.PROTOCOL);
      }
      case "DEVICE_AUTH_SIGNATURE_EXPIRED" -> {
        return stop("the gateway at " + url + " rejected the device signature as expired: this machine's clock "
            + "must be within two minutes of the gateway's (check NTP), then restart the bridge");
      }
      case "AUTH_RATE_LIMITED" -> {
        return new Decision.Retry(Math.max(settings.backoff().maxMs(), hint(e)), "the gateway rate-limits "
            + "connects from this address");
      }
      default -> {
        // fall through to the generic rules below
      }
    }
    if (code.startsWith("DEVICE_AUTH_") || code.equals("DEVICE_IDENTITY_REQUIRED")) {
      return stop("the gateway at " + url + " rejected the device identity (" + code + ": " + e.message()
          + "); the files in " + settings.identityDir() + " may be damaged: move them away to create a new "
          + "identity, then restart the bridge");
    }
    if ("UNAVAILABLE".equals(e.code()) || e.retryable()) {
      return new Decision.Retry(e.retryAfterMs() == null ? null : hint(e), "the gateway is not ready ("
          + e.specificCode() + ")");
    }
    if ("INVALID_REQUEST".equals(e.code())) {
      return stop("the gateway at " + url + " rejected the connect request (" + e + "): check gateway.clientId and "
          + "gateway.clientMode");
    }
    return new Decision.Retry(null, "the gateway refused the connect (" + e + ")");
  }

  private static long hint(GatewayError e) {
    return Math.max(MIN_HINT_MS, e.retryAfterMs() == null ? 0 : e.retryAfterMs());
  }

  private static Decision stop(String message) {
    return new Decision.Stop(message, false);
  }

  /**
   * The reference client offers the stored device token only to a gateway whose identity cannot be
   * spoofed on the way: one on this machine, or one behind TLS.
   */
  static boolean trustedEndpoint(String url) {
    try {
      URI uri = URI.create(url);
      if ("wss".equalsIgnoreCase(uri.getScheme())) {
        return true;
      }
      String host = uri.getHost() == null ? "" : uri.getHost();
      return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    } catch (IllegalArgumentException ex) {
      return false;
    }
  }
}
