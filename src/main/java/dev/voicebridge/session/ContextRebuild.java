package dev.voicebridge.session;

import dev.voicebridge.bus.StoreMessages.TurnView;
import java.util.List;

/**
 * Rebuilds a session's context window from its stored turns, as adding them one by one would have built
 * it. The turns are the truth; the saved window is a cache that a crash between a turn's commit and the
 * window's save (or turns recovered from the gateway's history) can leave behind.
 */
final class ContextRebuild {

  private ContextRebuild() {
  }

  static ContextWindow of(List<TurnView> turns, ContextWindowSettings limits) {
    ContextWindow window = new ContextWindow(limits);
    turns.stream().filter(SessionManager::belongsInContext)
        .forEach(t -> window.add(t.role().wire(), t.content(), t.timestamp()));
    return window;
  }
}
