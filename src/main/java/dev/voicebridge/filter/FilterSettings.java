package dev.voicebridge.filter;

import dev.voicebridge.config.BridgeConfig;

/** The {@code filter} section of the configuration, typed. */
public record FilterSettings(
    String codeBlockPhrase,
    ProgressMode progress,
    UrlMode urls,
    String urlPhrase,
    String errorPhrase,
    int maxSentenceChars,
    int maxSentences,
    String capPhrase,
    boolean speakToolErrors,
    String toolErrorPhrase) {

  /** What happens to progress chatter such as "Let me check...". */
  public enum ProgressMode { ONCE, SILENT }

  /** How a bare URL is spoken. */
  public enum UrlMode { HOST, PHRASE, SILENT }

  public static FilterSettings from(BridgeConfig config) {
    return new FilterSettings(
        config.string("filter.codeBlockPhrase"),
        ProgressMode.valueOf(config.string("filter.progress").toUpperCase(java.util.Locale.ROOT)),
        UrlMode.valueOf(config.string("filter.urls").toUpperCase(java.util.Locale.ROOT)),
        config.string("filter.urlPhrase"),
        config.string("filter.errorPhrase"),
        config.integer("filter.maxSentenceChars"),
        config.integer("filter.maxSentences"),
        config.string("filter.capPhrase"),
        config.bool("filter.speakToolErrors"),
        config.string("filter.toolErrorPhrase"));
  }

  /** The built-in defaults (what {@code conf/bridge.json} ships with). */
  public static FilterSettings defaults() {
    return from(BridgeConfig.defaults());
  }
}
