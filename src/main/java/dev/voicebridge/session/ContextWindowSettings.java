package dev.voicebridge.session;

import dev.voicebridge.config.BridgeConfig;

/** Limits of a context window: messages kept, earliest messages always kept, optional token bound. */
public record ContextWindowSettings(int maxTurns, int keepFirst, int maxTokens) {

  public ContextWindowSettings {
    if (maxTurns < 1 || keepFirst < 0 || keepFirst >= maxTurns || maxTokens < 0) {
      throw new IllegalArgumentException("bad context window limits: maxTurns=" + maxTurns + ", keepFirst="
          + keepFirst + ", maxTokens=" + maxTokens);
    }
  }

  public static ContextWindowSettings defaults() {
    return new ContextWindowSettings(20, 5, 0);
  }

  public static ContextWindowSettings from(BridgeConfig config) {
    return new ContextWindowSettings(
        config.integer("session.contextWindow.maxTurns"),
        config.integer("session.contextWindow.keepFirst"),
        config.integer("session.contextWindow.maxTokens"));
  }
}
