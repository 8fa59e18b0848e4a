package dev.voicebridge.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who has the floor, decided once: when the user talks over the bridge ({@code bridge.interrupt}) or a
 * program asks for silence ({@code tts.stop}), which runs stop and whether they are aborted at the gateway.
 * The session verticle announces the decision on {@code speech.halt}; the filter and the TTS obey that one
 * message rather than each keeping its own idea of which runs were stopped (as pipecat's interruption
 * frames are handled once in its base class and jump every queue). Pure.
 *
 * <p>The user talking means: everything being said stops (announcements too), and this device's runs
 * that are still running are aborted — the agent stops working on an answer nobody is listening to, and
 * the user's words become the next turn. {@code tts.stop} silences one run, or everything, and lets the
 * gateway finish (the reply is still stored).
 */
final class SpeechFloor {

  /** The halt to announce: these runs stop (or everything, {@code all}); with {@code abort}, at the gateway too. */
  record Halt(List<String> runIds, boolean all, String reason, boolean abort) {
  }

  private final Set<String> running = new LinkedHashSet<>();

  /** This device started a run (it is running until it ends). */
  void started(String runId) {
    running.add(runId);
  }

  /** The run ended at the gateway (final, error or aborted). */
  void ended(String runId) {
    running.remove(runId);
  }

  /** {@code bridge.interrupt}: silence everything; abort this device's running runs. */
  Halt userInterrupted(String reason) {
    return new Halt(new ArrayList<>(running), true, reason, true);
  }

  /** {@code tts.stop}: silence one run (or everything); the gateway goes on. */
  Halt stopRequested(String runId, String reason) {
    return runId == null ? new Halt(new ArrayList<>(running), true, reason, false)
        : new Halt(List.of(runId), false, reason, false);
  }
}
