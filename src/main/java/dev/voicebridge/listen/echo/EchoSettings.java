package dev.voicebridge.listen.echo;

import dev.voicebridge.config.BridgeConfig;

/** The {@code aec} section, typed. {@code delayMs} -1 means: measure the delay and follow drift. */
public record EchoSettings(boolean enabled, int tailMs, int delayMs, int echoSuppressDb, int echoSuppressActiveDb,
    int noiseSuppressDb, int frameMs, String library) {

  public static EchoSettings from(BridgeConfig c) {
    return new EchoSettings(
        c.bool("aec.enabled"),
        c.integer("aec.tailMs"),
        c.integer("aec.delayMs"),
        c.integer("aec.echoSuppressDb"),
        c.integer("aec.echoSuppressActiveDb"),
        c.integer("aec.noiseSuppressDb"),
        c.integer("audio.frameMs"),
        c.string("aec.library"));
  }

  public boolean measureDelay() {
    return delayMs < 0;
  }

  /** The canceller's frame: 16 ms when the capture frame is a multiple of it (no re-blocking), else 10 ms. */
  int cancellerFrameMs() {
    return frameMs % 16 == 0 ? 16 : 10;
  }
}
