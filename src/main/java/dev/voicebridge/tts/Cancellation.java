package dev.voicebridge.tts;

import java.util.ArrayList;
import java.util.List;

/**
 * A stop signal for synthesis work: polled between blocks, and pushed to whatever blocks (an espeak-ng
 * process is destroyed) so a barge-in never waits for a sentence to finish synthesising.
 */
public final class Cancellation {

  private final List<Runnable> hooks = new ArrayList<>();
  private volatile boolean cancelled;

  public boolean isCancelled() {
    return cancelled;
  }

  /** Cancels; runs the registered hooks once. Thread-safe and quick (hooks must not block). */
  public void cancel() {
    List<Runnable> run;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      run = new ArrayList<>(hooks);
      hooks.clear();
    }
    run.forEach(Runnable::run);
  }

  /** Runs {@code hook} on cancel (at once if already cancelled). */
  public void onCancel(Runnable hook) {
    synchronized (this) {
      if (!cancelled) {
        hooks.add(hook);
        return;
      }
    }
    hook.run();
  }

  /** Forgets a hook whose work finished. */
  public synchronized void remove(Runnable hook) {
    hooks.remove(hook);
  }
}
