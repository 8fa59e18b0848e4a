package dev.voicebridge.session;

import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionView;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * A conversation session: identity, lifecycle state, metadata and its context window. The state and
 * timestamps are what the store last said; the context window is held here and saved with
 * {@link SessionManager#update(Session)}.
 */
public final class Session {

  private final String uuid;
  private final String sessionKey;
  private final String createdAt;
  private final String lastActivity;
  private final SessionState state;
  private final JsonObject metadata;
  private final ContextWindow contextWindow;

  private Session(SessionView view, ContextWindow window) {
    this.uuid = view.sessionUuid();
    this.sessionKey = view.sessionKey();
    this.createdAt = view.createdAt();
    this.lastActivity = view.lastActivity();
    this.state = view.state();
    this.metadata = view.metadata() == null ? new JsonObject() : view.metadata().copy();
    this.contextWindow = window;
  }

  public static Session of(SessionView view, ContextWindowSettings limits) {
    return new Session(view, ContextWindow.fromJson(view.contextWindow(), limits));
  }

  /** The same session with what the store now says about it, keeping this context window instance. */
  Session refreshed(SessionView view) {
    return new Session(view, contextWindow);
  }

  public String uuid() {
    return uuid;
  }

  public String sessionKey() {
    return sessionKey;
  }

  public String createdAt() {
    return createdAt;
  }

  public String lastActivity() {
    return lastActivity;
  }

  public SessionState state() {
    return state;
  }

  public boolean isActive() {
    return state == SessionState.ACTIVE;
  }

  /** Mutable: changes are saved by {@link SessionManager#update(Session)}. */
  public JsonObject metadata() {
    return metadata;
  }

  public ContextWindow contextWindow() {
    return contextWindow;
  }

  /** Idle longer than {@code timeout} at {@code now}. Only an active session can be stale. */
  public boolean isStale(Instant now, Duration timeout) {
    return isActive() && idleLongerThan(lastActivity, now, timeout);
  }

  /** The staleness rule, for callers that hold only a stored view of the session. */
  static boolean idleLongerThan(String lastActivity, Instant now, Duration timeout) {
    return Instant.parse(lastActivity).plus(timeout).isBefore(now);
  }

  @Override
  public String toString() {
    return "Session[" + uuid + ", key=" + sessionKey + ", " + state + "]";
  }
}
