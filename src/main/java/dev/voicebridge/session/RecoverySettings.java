package dev.voicebridge.session;

import dev.voicebridge.config.BridgeConfig;

/** The {@code recovery} section of the configuration, typed, with the session key recovery looks after. */
public record RecoverySettings(boolean enabled, int historyLimit, boolean resendUnacknowledged, String sessionKey) {

  public static RecoverySettings from(BridgeConfig config) {
    return new RecoverySettings(
        config.bool("recovery.enabled"),
        config.integer("recovery.historyLimit"),
        config.bool("recovery.resendUnacknowledged"),
        config.string("gateway.sessionKey"));
  }
}
