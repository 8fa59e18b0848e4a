package dev.voicebridge.live;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the device is doing, as a person would say it, folded from what the bus tells: the wake word and the
 * user's speech (listening), a question on its way to OpenClaw (thinking), a reply at the speaker (speaking),
 * the microphone muted, the gateway gone (offline), or nothing (waiting for the wake word). Pure: the
 * {@link DeviceStateVerticle} feeds it the events and the clock, and publishes the state when it changes.
 *
 * <p>Speaking wins over everything (the user hears it), then thinking, then a muted microphone, listening,
 * and offline. Thinking ends when the reply is heard, the turn is answered or held, or the transcript is
 * ignored; as a last resort (a turn lost between components), thinking that no run has claimed ends after
 * {@link #UNCLAIMED_THINKING_MS}.
 */
public final class DeviceStateMachine {

  /** How long a sent-looking transcript may wait for its run before the device is taken to be waiting again. */
  static final long UNCLAIMED_THINKING_MS = 5_000;

  private enum Activity { WAITING, LISTENING, THINKING }

  private Activity activity = Activity.WAITING;
  private final Set<String> speaking = new LinkedHashSet<>();
  private String gateway = "connecting";
  private boolean muted;
  private boolean claimed;
  private long thinkingSinceMs;

  /** The state word now: speaking, thinking, muted, listening, offline or waiting. */
  public String state() {
    if (!speaking.isEmpty()) {
      return "speaking";
    }
    if (activity == Activity.THINKING) {
      return "thinking";
    }
    if (muted) {
      return "muted";
    }
    if (activity == Activity.LISTENING) {
      return "listening";
    }
    return "connected".equals(gateway) ? "waiting" : "offline";
  }

  public String gateway() {
    return gateway;
  }

  public boolean muted() {
    return muted;
  }

  /** The wake word, push-to-talk or the user talking: an utterance is open. */
  public void listening() {
    activity = Activity.LISTENING;
  }

  /** The utterance ended; {@code reason} as speech.end says it. */
  public void utteranceEnded(String reason, long nowMs) {
    if (activity != Activity.LISTENING) {
      return;
    }
    switch (reason == null ? "" : reason) {
      // nothing to send: nobody spoke, push-to-talk was cancelled, or a new utterance follows at once
      case "no_speech", "cancelled", "restarted" -> activity = Activity.WAITING;
      default -> think(nowMs);
    }
  }

  /** The final transcript: an empty one sends nothing. */
  public void transcript(String text, long nowMs) {
    if (text == null || text.isBlank()) {
      if (activity == Activity.THINKING && !claimed) {
        activity = Activity.WAITING;
      }
      return;
    }
    if (activity != Activity.THINKING) {
      think(nowMs);
    }
  }

  /** The transcript did not become a turn (a stop phrase, the device's own words): nothing is on its way. */
  public void transcriptIgnored() {
    if (activity == Activity.THINKING && !claimed) {
      activity = Activity.WAITING;
    }
  }

  /** A typed turn (session.input) is on its way. */
  public void typed(long nowMs) {
    think(nowMs);
  }

  /** This device's run started: thinking lasts until it is heard or answered. */
  public void runClaimed() {
    if (activity == Activity.THINKING) {
      claimed = true;
    }
  }

  /** The turn could not go now (kept for later, or failed): nothing more will come of it for a while. */
  public void turnHeld() {
    if (activity == Activity.THINKING) {
      activity = Activity.WAITING;
    }
  }

  /** A turn's reply is stored (answer, error or abort): if it was never heard, the device waits again. */
  public void turnAnswered() {
    if (activity == Activity.THINKING) {
      activity = Activity.WAITING;
    }
  }

  public void speechStarted(String runId) {
    speaking.add(runId);
    if (activity == Activity.THINKING) {
      activity = Activity.WAITING;
    }
  }

  public void speechEnded(String runId) {
    speaking.remove(runId);
  }

  /** Speech was halted (every run with {@code all}). */
  public void halted(Iterable<String> runIds, boolean all) {
    if (all) {
      speaking.clear();
    } else {
      runIds.forEach(speaking::remove);
    }
  }

  public void gateway(String linkState) {
    gateway = linkState == null ? "unknown" : linkState;
  }

  public void muted(boolean muted) {
    this.muted = muted;
  }

  /** The clock: thinking that nothing claimed ends after {@link #UNCLAIMED_THINKING_MS}. */
  public void tick(long nowMs) {
    if (activity == Activity.THINKING && !claimed && nowMs - thinkingSinceMs >= UNCLAIMED_THINKING_MS) {
      activity = Activity.WAITING;
    }
  }

  private void think(long nowMs) {
    activity = Activity.THINKING;
    claimed = false;
    thinkingSinceMs = nowMs;
  }
}
