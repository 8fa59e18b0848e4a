package dev.voicebridge.gateway;

import dev.voicebridge.config.BridgeConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code gateway} section of the configuration, typed. {@link #toString()} never shows the token or
 * the password, so the settings can be logged.
 */
public record GatewaySettings(
    String url,
    String token,
    String password,
    String sessionKey,
    String clientId,
    String clientMode,
    String displayName,
    String locale,
    int connectTimeoutMs,
    int requestTimeoutMs,
    BackoffPolicy backoff,
    double tickTimeoutFactor,
    int maxPayloadBytes,
    Path identityDir,
    Optional<Path> tlsCaFile) {

  /** What the bridge reports as its client version in connect. */
  public static final String CLIENT_VERSION = "0.1.0";

  public static GatewaySettings from(BridgeConfig config) {
    return new GatewaySettings(
        config.string("gateway.url"),
        config.string("gateway.token"),
        config.string("gateway.password"),
        config.string("gateway.sessionKey"),
        config.string("gateway.clientId"),
        config.string("gateway.clientMode"),
        config.string("gateway.displayName"),
        config.string("gateway.locale"),
        config.integer("gateway.connectTimeoutMs"),
        config.integer("gateway.requestTimeoutMs"),
        BackoffPolicy.from(config),
        config.decimal("gateway.tickTimeoutFactor"),
        config.integer("gateway.maxPayloadBytes"),
        config.path("gateway.identityDir"),
        config.optionalPath("gateway.tlsCaFile"));
  }

  public boolean hasToken() {
    return token != null && !token.isBlank();
  }

  public boolean hasPassword() {
    return password != null && !password.isBlank();
  }

  /**
   * The platform name as the gateway's own clients report it (Node's {@code process.platform}); it is part
   * of the signed device payload.
   */
  public static String platform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac") || os.contains("darwin")) {
      return "darwin";
    }
    if (os.contains("win")) {
      return "win32";
    }
    return os.contains("linux") ? "linux" : os.replace(' ', '-');
  }

  @Override
  public String toString() {
    return "GatewaySettings[url=" + url + ", token=" + (hasToken() ? "***" : "(none)") + ", password="
        + (hasPassword() ? "***" : "(none)") + ", sessionKey=" + sessionKey + ", client=" + clientId + "/"
        + clientMode + ", identityDir=" + identityDir + "]";
  }
}
