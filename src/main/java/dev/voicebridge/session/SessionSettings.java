package dev.voicebridge.session;

import dev.voicebridge.config.BridgeConfig;
import java.time.Duration;

/** The {@code session} section of the configuration, typed. */
public record SessionSettings(Duration staleAfter, int maxSessions, int cacheSize, ContextWindowSettings window,
    String stopPhrases) {

  public static SessionSettings from(BridgeConfig config) {
    return new SessionSettings(
        Duration.ofMinutes(config.integer("session.timeoutMinutes")),
        config.integer("session.maxSessions"),
        config.integer("session.cacheSize"),
        ContextWindowSettings.from(config),
        config.string("session.stopPhrases"));
  }
}
