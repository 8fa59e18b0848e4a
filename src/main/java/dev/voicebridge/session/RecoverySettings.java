package dev.voicebridge.session;

import dev.voicebridge.config.BridgeConfig;
import java.time.Duration;

/** The {@code recovery} section of the configuration, typed, with the session key recovery looks after. */
public record RecoverySettings(boolean enabled, int historyLimit, boolean resendUnacknowledged,
    Duration stalledTurn, String sessionKey) {

  public static RecoverySettings from(BridgeConfig config) {
    return new RecoverySettings(
        config.bool("recovery.enabled"),
        config.integer("recovery.historyLimit"),
        config.bool("recovery.resendUnacknowledged"),
        Duration.ofSeconds(config.integer("recovery.stalledTurnSeconds")),
        config.string("gateway.sessionKey"));
  }

  /** The same for another session key (a conversation the gateway's wake routing sends turns to). */
  public RecoverySettings withSessionKey(String key) {
    return new RecoverySettings(enabled, historyLimit, resendUnacknowledged, stalledTurn, key);
  }
}
