package dev.voicebridge.bus;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Messages of the {@code gateway.*} addresses: the OpenClaw Gateway client's events and the requests it
 * serves. Runs are identified by {@code runId}; the gateway canonicalises session keys ({@code main} →
 * {@code agent:main:main}), so consumers correlate by runId, not by session key.
 */
public final class GatewayMessages {

  private GatewayMessages() {
  }

  /** Connection state of the gateway client. */
  public enum LinkState {
    CONNECTING,
    CONNECTED,
    DISCONNECTED;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
      return WireEnum.wire(this);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static LinkState of(String value) {
      return WireEnum.parse(LinkState.class, value);
    }
  }

  /**
   * {@code gateway.status} (publish). CONNECTED carries {@code serverVersion}, {@code connId} and the
   * gateway's {@code defaultAgentId} (session keys are canonicalised with it: {@code main} →
   * {@code agent:main:main}); it is published again with {@code eventsLost} when the event sequence showed
   * a gap (consumers should reconcile from the history). DISCONNECTED carries the close {@code code} and
   * {@code reason}, whether the client will retry and when. {@code willRetry:false} means a person must fix
   * something (e.g. the token): {@code reason} says what, {@code errorCode} names the failure.
   */
  public record GatewayStatus(
      LinkState state,
      String url,
      String serverVersion,
      String connId,
      String defaultAgentId,
      Long eventsLost,
      Integer code,
      String reason,
      Boolean willRetry,
      Long retryInMs,
      String errorCode) {
    public GatewayStatus {
      Require.present(state, "state");
    }

    public static GatewayStatus connecting(String url) {
      return new GatewayStatus(LinkState.CONNECTING, url, null, null, null, null, null, null, null, null, null);
    }

    public static GatewayStatus connected(String url, String serverVersion, String connId, String defaultAgentId,
        Long eventsLost) {
      return new GatewayStatus(LinkState.CONNECTED, url, serverVersion, connId, defaultAgentId, eventsLost, null, null,
          null, null, null);
    }

    public static GatewayStatus disconnected(String url, Integer code, String reason, boolean willRetry,
        Long retryInMs, String errorCode) {
      return new GatewayStatus(LinkState.DISCONNECTED, url, null, null, null, null, code, reason, willRetry,
          retryInMs, errorCode);
    }
  }

  /**
   * {@code gateway.send} (request): sends a user message with chat.send. {@code queueMode} (optional):
   * {@code interrupt} aborts whatever the session is still doing and starts this turn (the user talked
   * over the bridge), or the gateway's steer, followup, collect; absent = the session's stored mode.
   * Reply: {@link SendResult}.
   */
  public record SendRequest(String sessionKey, String text, String idempotencyKey, String queueMode) {
    public SendRequest {
      Require.text(sessionKey, "sessionKey");
      Require.present(text, "text");
      Require.text(idempotencyKey, "idempotencyKey");
    }

    public SendRequest(String sessionKey, String text, String idempotencyKey) {
      this(sessionKey, text, idempotencyKey, null);
    }
  }

  /**
   * Reply of {@code gateway.send}: {@code status} is the gateway's: started, in_flight (same idempotency
   * key still running) or ok (it already finished).
   */
  public record SendResult(String runId, String status) {
  }

  /**
   * {@code gateway.voicewake} (publish): the gateway's wake triggers (one list for all the user's devices,
   * {@code voicewake.get} / event {@code voicewake.changed}) and where a turn woken by each goes
   * ({@code voicewake.routing.get}). Published on every connect and whenever the gateway says they changed.
   * {@code defaultRoute} applies to triggers without a route of their own.
   */
  public record VoiceWake(List<String> triggers, List<WakeRoute> routes, WakeRoute defaultRoute) {
    public VoiceWake {
      triggers = triggers == null ? List.of() : List.copyOf(triggers);
      routes = routes == null ? List.of() : List.copyOf(routes);
      defaultRoute = defaultRoute == null ? WakeRoute.CURRENT : defaultRoute;
    }

    /** Where a turn woken by {@code spoken} goes, by the gateway's rule: the first route whose trigger it is, else the default. */
    public WakeRoute route(String spoken) {
      String key = normalise(spoken == null ? "" : spoken);
      return routes.stream().filter(r -> r.trigger().equals(key)).findFirst().orElse(defaultRoute);
    }

    /** The gateway's trigger normalisation: lower case, split on whitespace, punctuation and symbols cut from each word's ends. */
    public static String normalise(String trigger) {
      List<String> words = new java.util.ArrayList<>();
      for (String w : WHITESPACE.split(trigger.toLowerCase(java.util.Locale.ROOT))) {
        String t = EDGE_PUNCTUATION.matcher(w).replaceAll("");
        if (!t.isEmpty()) {
          words.add(t);
        }
      }
      return String.join(" ", words);
    }

    private static final java.util.regex.Pattern EDGE_PUNCTUATION =
        java.util.regex.Pattern.compile("^[\\p{P}\\p{S}]+|[\\p{P}\\p{S}]+$");
    private static final java.util.regex.Pattern WHITESPACE =
        java.util.regex.Pattern.compile("\\s+", java.util.regex.Pattern.UNICODE_CHARACTER_CLASS);
  }

  /**
   * Where a turn woken by {@code trigger} (normalised as the gateway does: lower case, words stripped of
   * punctuation and symbols) goes: the session {@code sessionKey}, or agent {@code agentId}'s main session,
   * or — both null — the session the bridge is in.
   */
  public record WakeRoute(String trigger, String sessionKey, String agentId) {
    public static final WakeRoute CURRENT = new WakeRoute(null, null, null);

    /**
     * The session key a routed turn is sent with; null for the bridge's own session. An agent's route goes
     * to that agent's main session ({@code agent:<id>:main}), as the gateway's own routing resolves it.
     */
    public String targetSessionKey() {
      return sessionKey != null ? sessionKey : agentId != null ? "agent:" + agentId + ":main" : null;
    }
  }

  /**
   * {@code gateway.talk} (publish): the user's Talk settings from the gateway ({@code talk.config}), on
   * connect and after every {@code config.changed}. The gateway fills in no defaults: a field the user did
   * not set is null. {@code provider} and {@code voiceId} are the Talk voice the gateway speaks with.
   */
  public record TalkConfig(Integer silenceTimeoutMs, Boolean interruptOnSpeech, String speechLocale, String provider,
      String voiceId) {
    public static final TalkConfig NONE = new TalkConfig(null, null, null, null, null);
  }

  /**
   * {@code gateway.speak} (request): synthesise one sentence with the user's Talk voice at the gateway
   * ({@code talk.speak}, or {@code tts.speak} when Talk has no voice configured). {@code timeoutMs}: how
   * long the caller waits.
   */
  public record SpeakRequest(String text, int timeoutMs) {
    public SpeakRequest {
      Require.text(text, "text");
      Require.atLeast(timeoutMs, 1, "timeoutMs");
    }
  }

  /**
   * The reply to {@code gateway.speak}: the clip, base64 ({@code audioBase64}), as the gateway's provider
   * returned it — {@code outputFormat} (e.g. {@code wav}, {@code mp3}, {@code pcm_24000}) and
   * {@code mimeType} say what it is — and which gateway method made it.
   */
  public record SpeakResult(String audioBase64, String provider, String outputFormat, String mimeType, String method) {
  }

  /** {@code gateway.abort} (request): chat.abort. Reply: the gateway's payload {@code {aborted, runIds}}. */
  public record AbortRequest(String sessionKey, String runId) {
    public AbortRequest {
      Require.text(sessionKey, "sessionKey");
    }
  }

  /**
   * {@code gateway.history} (request): chat.history. Reply: the gateway's payload
   * {@code {sessionKey, sessionId, messages:[{role, content, timestamp, __openclaw:{id, seq, runId?}}], ...}}.
   */
  public record HistoryRequest(String sessionKey, Integer limit) {
    public HistoryRequest {
      Require.text(sessionKey, "sessionKey");
    }
  }

  /**
   * {@code gateway.reply.delta} (publish): one streamed increment. {@code delta} is the new text,
   * {@code text} the whole reply so far; {@code replace} means {@code text} replaces what came before
   * (then {@code delta} is the whole text too).
   */
  public record ReplyDelta(String sessionKey, String runId, String delta, String text, boolean replace) {
    public ReplyDelta {
      Require.text(runId, "runId");
    }
  }

  /** {@code gateway.reply.final} (publish): the run finished; {@code text} is the whole reply. */
  public record ReplyFinal(String sessionKey, String runId, String text, String stopReason) {
    public ReplyFinal {
      Require.text(runId, "runId");
    }
  }

  /** {@code gateway.reply.error} (publish): the run ended in an error. */
  public record ReplyError(String sessionKey, String runId, String message, String kind) {
    public ReplyError {
      Require.text(runId, "runId");
    }
  }

  /** {@code gateway.reply.aborted} (publish): the run was aborted; {@code text} is what had streamed. */
  public record ReplyAborted(String sessionKey, String runId, String text, String stopReason) {
    public ReplyAborted {
      Require.text(runId, "runId");
    }
  }

  /**
   * {@code gateway.tool} (publish): a tool call of a run. {@code phase} start carries {@code args};
   * phase result carries {@code result} (the text of the tool's output) and {@code isError}.
   */
  public record ToolEvent(
      String sessionKey,
      String runId,
      String toolCallId,
      String name,
      String phase,
      JsonObject args,
      String result,
      Boolean isError) {
    public ToolEvent {
      Require.text(runId, "runId");
      Require.text(toolCallId, "toolCallId");
      Require.text(phase, "phase");
    }
  }
}
