package dev.voicebridge.cue;

import dev.voicebridge.config.BridgeConfig;

/** The {@code cues} section, typed. {@code unreachable} empty: nothing is said when the gateway is away. */
public record CueSettings(boolean wake, boolean error, int thinkingMs, double volumeDb, String unreachable) {

  public static CueSettings from(BridgeConfig config) {
    return new CueSettings(config.bool("cues.wake"), config.bool("cues.error"), config.integer("cues.thinkingMs"),
        config.decimal("cues.volumeDb"), config.string("cues.unreachable").strip());
  }
}
