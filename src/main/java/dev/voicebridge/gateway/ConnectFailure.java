package dev.voicebridge.gateway;

import dev.voicebridge.base.BridgeException;

/**
 * A connect attempt failed: either the gateway answered the connect request with an error
 * ({@link #rejection()} is set), or it could not be reached or closed before {@code hello-ok}.
 */
public final class ConnectFailure extends BridgeException {

  private final GatewayError rejection;

  private ConnectFailure(String message, GatewayError rejection, Throwable cause) {
    super(message, cause);
    this.rejection = rejection;
  }

  static ConnectFailure rejected(GatewayError error) {
    return new ConnectFailure("the gateway refused the connect: " + error, error, null);
  }

  static ConnectFailure unreachable(String why, Throwable cause) {
    return new ConnectFailure(why, null, cause);
  }

  /** The gateway's error when it refused; null when it was not reached. */
  public GatewayError rejection() {
    return rejection;
  }
}
