package dev.voicebridge.gateway;

import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Reads the user's Talk settings from a {@code talk.config} result:
 * {@code {config: {talk: {silenceTimeoutMs, interruptOnSpeech, speechLocale, provider, providers, resolved}}}}.
 * Pure. The gateway fills in no defaults, so a field the user did not set stays null here and the bridge's
 * own value stands; a value of the wrong type or out of the schema's range ({@code silenceTimeoutMs ≥ 1})
 * counts as not set. The voice is the resolved provider's {@code voiceId}, else the active provider's
 * (the {@code talk.provider}, or the only one configured).
 */
public final class TalkConfigSync {

  private TalkConfigSync() {
  }

  /** Empty when the payload is not a {@code talk.config} result at all. */
  public static Optional<TalkConfig> parse(JsonObject payload) {
    if (payload == null || !(payload.getValue("config") instanceof JsonObject config)) {
      return Optional.empty();
    }
    if (!(config.getValue("talk") instanceof JsonObject talk)) {
      return Optional.of(TalkConfig.NONE);
    }
    Integer silence = talk.getValue("silenceTimeoutMs") instanceof Number n && n.doubleValue() >= 1
        && n.doubleValue() == Math.rint(n.doubleValue()) && n.doubleValue() <= Integer.MAX_VALUE ? n.intValue() : null;
    Boolean interrupt = talk.getValue("interruptOnSpeech") instanceof Boolean b ? b : null;
    String locale = text(talk.getValue("speechLocale"));
    String provider = text(talk.getValue("provider"));
    String voice = null;
    if (talk.getValue("resolved") instanceof JsonObject resolved) {
      provider = provider != null ? provider : text(resolved.getValue("provider"));
      if (resolved.getValue("config") instanceof JsonObject c) {
        voice = text(c.getValue("voiceId"));
      }
    }
    if (talk.getValue("providers") instanceof JsonObject providers) {
      if (provider == null && providers.size() == 1) {
        provider = providers.fieldNames().iterator().next();
      }
      if (voice == null && provider != null && providers.getValue(provider) instanceof JsonObject p) {
        voice = text(p.getValue("voiceId"));
      }
    }
    return Optional.of(new TalkConfig(silence, interrupt, locale, provider, voice));
  }

  private static String text(Object o) {
    return o instanceof String s && !s.isBlank() ? s.strip() : null;
  }
}
