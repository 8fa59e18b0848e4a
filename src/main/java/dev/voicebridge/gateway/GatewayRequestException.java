package dev.voicebridge.gateway;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bus.Bus;

/**
 * A request to the gateway failed. {@link #code()} is the bus failure code: 400 the gateway found the
 * request invalid, 403 forbidden (missing scope), 404 unknown, 503 not connected or the gateway is busy,
 * 504 no response in time (or the connection dropped before it came), 502 any other gateway error.
 */
public final class GatewayRequestException extends BridgeException implements Bus.Coded {

  private final int code;
  private final GatewayError error;

  public GatewayRequestException(int code, String message, GatewayError error) {
    super(message);
    this.code = code;
    this.error = error;
  }

  public static GatewayRequestException of(String method, GatewayError error) {
    int code = switch (error.code()) {
      case "INVALID_REQUEST" -> 400;
      case "FORBIDDEN" -> 403;
      case "NOT_FOUND" -> 404;
      case "UNAVAILABLE" -> 503;
      default -> 502;
    };
    return new GatewayRequestException(code, "the gateway refused " + method + ": " + error, error);
  }

  public static GatewayRequestException notConnected(String url, String why) {
    return new GatewayRequestException(503, "not connected to the gateway at " + url + (why == null ? "" : " (" + why
        + ")"), null);
  }

  @Override
  public int code() {
    return code;
  }

  /** The gateway's error, when the gateway answered; null for local failures (timeout, not connected). */
  public GatewayError error() {
    return error;
  }
}
