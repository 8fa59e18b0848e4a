package dev.voicebridge.gateway;

/**
 * Session keys as the gateway canonicalises them: {@code main} becomes {@code agent:main:main} and
 * {@code kitchen} becomes {@code agent:main:kitchen} (with the gateway's default agent). Events carry the
 * canonical form; requests may use either.
 */
public final class SessionKeys {

  private SessionKeys() {
  }

  public static String canonical(String key, String defaultAgentId) {
    if (key == null) {
      return null;
    }
    String k = key.trim();
    return k.startsWith("agent:") ? k : "agent:" + (defaultAgentId == null || defaultAgentId.isBlank() ? "main"
        : defaultAgentId) + ":" + k;
  }

  /** Whether {@code eventKey} (as an event carries it) names the session configured as {@code key}. */
  public static boolean same(String key, String eventKey, String defaultAgentId) {
    return key != null && eventKey != null
        && canonical(key, defaultAgentId).equals(canonical(eventKey, defaultAgentId));
  }
}
