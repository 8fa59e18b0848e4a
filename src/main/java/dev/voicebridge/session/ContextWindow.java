package dev.voicebridge.session;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recent conversation a session carries, in LLM message form. When it grows past
 * {@code maxTurns} it drops messages from the middle: the first {@code keepFirst} messages (how the
 * conversation started, often the task itself) and the most recent ones stay. With a token bound, more
 * middle messages go until the estimate (about four characters a token) fits; the newest message always
 * stays.
 *
 * <p>Serialised as JSON into {@code sessions.context_window} and restored from it after a restart.
 */
public final class ContextWindow {

  /** One message as an LLM sees it, with the time it was said. */
  public record Message(String role, String content, String timestamp) {
  }

  private final ContextWindowSettings limits;
  private final List<Message> messages = new ArrayList<>();
  private long pruned;

  public ContextWindow(ContextWindowSettings limits) {
    this.limits = limits;
  }

  public void add(String role, String content, String timestamp) {
    messages.add(new Message(role, content, timestamp));
    prune();
  }

  public void addUserMessage(String content, String timestamp) {
    add("user", content, timestamp);
  }

  public void addAssistantMessage(String content, String timestamp) {
    add("assistant", content, timestamp);
  }

  private void prune() {
    while (messages.size() > limits.maxTurns()) {
      dropMiddle();
    }
    if (limits.maxTokens() > 0) {
      while (estimateTokens() > limits.maxTokens() && messages.size() > 1) {
        if (messages.size() > limits.keepFirst() + 1) {
          dropMiddle();
        } else {
          messages.remove(0); // only the kept head and the newest remain: the head gives way
          pruned++;
        }
      }
    }
  }

  private void dropMiddle() {
    messages.remove(Math.min(limits.keepFirst(), messages.size() - 1));
    pruned++;
  }

  /** Rough token count: a quarter of the characters, rounded up, per message. */
  public int estimateTokens() {
    int tokens = 0;
    for (Message m : messages) {
      tokens += (m.content().length() + 3) / 4;
    }
    return tokens;
  }

  public List<Message> messages() {
    return Collections.unmodifiableList(messages);
  }

  public List<Message> byRole(String role) {
    return messages.stream().filter(m -> m.role().equals(role)).toList();
  }

  public int size() {
    return messages.size();
  }

  /** How many messages pruning has dropped over the window's whole life. */
  public long prunedCount() {
    return pruned;
  }

  public ContextWindowSettings limits() {
    return limits;
  }

  /** The messages as an LLM takes them: {@code [{role, content}]}. */
  public JsonArray toLlmFormat() {
    JsonArray out = new JsonArray();
    messages.forEach(m -> out.add(new JsonObject().put("role", m.role()).put("content", m.content())));
    return out;
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    messages.forEach(m -> {
      JsonObject o = new JsonObject().put("role", m.role()).put("content", m.content());
      if (m.timestamp() != null) {
        o.put("timestamp", m.timestamp());
      }
      list.add(o);
    });
    return new JsonObject()
        .put("maxTurns", limits.maxTurns())
        .put("keepFirst", limits.keepFirst())
        .put("maxTokens", limits.maxTokens())
        .put("pruned", pruned)
        .put("messages", list);
  }

  /**
   * Restores a window saved by {@link #toJson()} under the current limits (which may have changed since
   * it was saved: the restored window is pruned to them). Malformed entries are skipped; null or empty
   * JSON gives an empty window.
   */
  public static ContextWindow fromJson(JsonObject json, ContextWindowSettings limits) {
    ContextWindow window = new ContextWindow(limits);
    if (json == null) {
      return window;
    }
    window.pruned = json.getLong("pruned", 0L);
    JsonArray list = json.getJsonArray("messages", new JsonArray());
    for (Object o : list) {
      if (o instanceof JsonObject m && m.getValue("role") instanceof String role
          && m.getValue("content") instanceof String content) {
        window.messages.add(new Message(role, content, m.getString("timestamp")));
      }
    }
    window.prune();
    return window;
  }
}
