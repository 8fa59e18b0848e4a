package dev.voicebridge.cluster;

/**
 * A satellite's judgement of its hub from the answers to its regular check-ins: reachable until
 * {@link #MISSES_UNREACHABLE} checks in a row go unanswered, reachable again at the first answer. Only a
 * change is reported, so the satellite says "I can't reach the hub" once per outage and notices a
 * restarted hub at its first answer. Pure: the satellite link carries out what it says.
 */
public final class HubWatch {

  /** Checks in a row without an answer before the hub counts as gone (one lost packet is not an outage). */
  public static final int MISSES_UNREACHABLE = 3;
  /** The same before the hub first answered: joining the cluster takes a few seconds at start. */
  public static final int MISSES_NEVER_REACHED = 10;

  /** What changed with one check. */
  public enum Change { NONE, LOST, BACK }

  private boolean reachable;
  private boolean everReached;
  private int misses;

  /** The hub answered a check. */
  public Change answered() {
    misses = 0;
    everReached = true;
    if (reachable) {
      return Change.NONE;
    }
    reachable = true;
    return Change.BACK;
  }

  /**
   * A check went unanswered. Before the hub was ever reached the satellite may still be joining; a hub that
   * never comes up is said too, after {@link #MISSES_NEVER_REACHED} misses.
   */
  public Change missed() {
    misses++;
    if (reachable && misses == MISSES_UNREACHABLE || !everReached && misses == MISSES_NEVER_REACHED) {
      reachable = false;
      everReached = true; // said once; the next change is BACK
      return Change.LOST;
    }
    return Change.NONE;
  }

  public boolean reachable() {
    return reachable;
  }

  /** Whether the hub has been said to be gone (and has not answered since): not merely not reached yet. */
  public boolean unreachable() {
    return !reachable && everReached;
  }
}
