package dev.voicebridge.listen;

import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.vad.VadSettings;

/**
 * How the turn-taking settings the user keeps at the gateway (Talk: {@code silenceTimeoutMs},
 * {@code interruptOnSpeech}) combine with this device's: a value set for this device (in its config file,
 * an environment variable or {@code --set}) wins, since it was set for this room; otherwise the gateway's,
 * which the user set for all their Talk devices; otherwise the bridge's default. A gateway silence outside
 * the range this device accepts for {@code vad.silenceMs} is brought into it. Pure.
 *
 * @param silenceMs the device's {@code vad.silenceMs}; {@code silenceLocal}: set for this device
 * @param interruptOnSpeech the device's {@code vad.interruptOnSpeech}; {@code interruptLocal}: set for this device
 */
public record TalkPreferences(int silenceMs, boolean silenceLocal, boolean interruptOnSpeech, boolean interruptLocal) {

  /** The range of {@code vad.silenceMs}, which a gateway value is clamped to. */
  static final int MIN_SILENCE_MS = 100;
  static final int MAX_SILENCE_MS = 5000;

  /** What applies, and where each value came from ({@code device}, {@code gateway} or {@code default}). */
  public record Effective(int silenceMs, boolean interruptOnSpeech, String silenceFrom, String interruptFrom) {
  }

  public static TalkPreferences from(BridgeConfig config) {
    return new TalkPreferences(config.integer("vad.silenceMs"), !config.origin("vad.silenceMs").equals("default"),
        config.bool("vad.interruptOnSpeech"), !config.origin("vad.interruptOnSpeech").equals("default"));
  }

  /** The device's values, none of them set for this device in particular (tests, embedded use). */
  public static TalkPreferences defaults(VadSettings vad) {
    return new TalkPreferences(vad.silenceMs(), false, vad.interruptOnSpeech(), false);
  }

  public Effective apply(TalkConfig gateway) {
    TalkConfig g = gateway == null ? TalkConfig.NONE : gateway;
    int silence = silenceMs;
    String silenceFrom = silenceLocal ? "device" : "default";
    if (!silenceLocal && g.silenceTimeoutMs() != null) {
      silence = Math.max(MIN_SILENCE_MS, Math.min(MAX_SILENCE_MS, g.silenceTimeoutMs()));
      silenceFrom = "gateway";
    }
    boolean interrupt = interruptOnSpeech;
    String interruptFrom = interruptLocal ? "device" : "default";
    if (!interruptLocal && g.interruptOnSpeech() != null) {
      interrupt = g.interruptOnSpeech();
      interruptFrom = "gateway";
    }
    return new Effective(silence, interrupt, silenceFrom, interruptFrom);
  }
}
