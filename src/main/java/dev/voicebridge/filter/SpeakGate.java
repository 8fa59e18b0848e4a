package dev.voicebridge.filter;

import dev.voicebridge.base.Bounded;
import dev.voicebridge.gateway.SessionKeys;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which gateway runs this device speaks: by default ({@link SpeakRuns#OWN}) only the runs this device
 * started ({@code session.run} claims them), so a reply the gateway streams to the user's phone, or in
 * another session, is not read aloud in the kitchen; {@link SpeakRuns#SESSION} also speaks other clients'
 * runs in this device's session. A run whose events come before its claim (the gateway may answer before
 * the send's acknowledgement arrives) is {@link Decision#HOLD held}, not dropped. A run that ended, or
 * that {@code speech.halt} stopped, is dropped from then on. Pure; {@link FilterVerticle} carries it out.
 */
public final class SpeakGate {

  /** Which replies are spoken ({@code tts.speakRuns}). */
  public enum SpeakRuns { OWN, SESSION }

  /** What to do with an event of a run. */
  public enum Decision { SPEAK, HOLD, DROP }

  private static final int REMEMBERED = 512;

  private final SpeakRuns speakRuns;
  private final String sessionKey;
  private String defaultAgentId = "main";
  private final Set<String> claimed = bounded();
  private final Set<String> open = new LinkedHashSet<>();
  private final Set<String> closed = bounded();

  public SpeakGate(SpeakRuns speakRuns, String sessionKey) {
    this.speakRuns = speakRuns;
    this.sessionKey = sessionKey;
  }

  private static Set<String> bounded() {
    return Bounded.set(REMEMBERED);
  }

  /** The gateway's default agent, for matching session keys ({@code main} is {@code agent:main:main}). */
  public void defaultAgent(String agentId) {
    if (agentId != null && !agentId.isBlank()) {
      defaultAgentId = agentId;
    }
  }

  /** This device started (or recovered) the run. */
  public void claim(String runId) {
    claimed.add(runId);
  }

  /** An event of {@code runId} in gateway session {@code eventSessionKey} arrived. */
  public Decision event(String runId, String eventSessionKey) {
    if (closed.contains(runId)) {
      return Decision.DROP;
    }
    boolean ours = claimed.contains(runId) || (speakRuns == SpeakRuns.SESSION && eventSessionKey != null
        && SessionKeys.same(sessionKey, eventSessionKey, defaultAgentId));
    if (ours) {
      open.add(runId);
      return Decision.SPEAK;
    }
    return Decision.HOLD;
  }

  /** The run ended at the gateway, or speech of it was halted: nothing more of it is spoken. */
  public void close(String runId) {
    open.remove(runId);
    closed.add(runId);
  }

  /** Everything being spoken was halted; returns those runs. */
  public List<String> closeAll() {
    List<String> runs = List.copyOf(open);
    runs.forEach(this::close);
    return runs;
  }
}
