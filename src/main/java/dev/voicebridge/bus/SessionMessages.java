package dev.voicebridge.bus;

/** Messages of the session side: user input, persisted turns, recovery. */
public final class SessionMessages {

  private SessionMessages() {
  }

  /**
   * {@code session.input} (request): user text to send in the active session, from the chat mode or any
   * other program (speech arrives as stt.transcript instead). Reply: {@link InputAccepted}, after the user
   * turn is committed.
   */
  public record UserInput(String text, String source) {
    public UserInput {
      Require.text(text, "text");
    }
  }

  public record InputAccepted(String sessionUuid, int turnIndex, String idempotencyKey, String runId) {
  }

  /** Outcome of a recovery. */
  public enum RecoveryStatus {
    SUCCESS,
    PARTIAL,
    FAILED,
    STALE,
    NO_SESSION;

    @com.fasterxml.jackson.annotation.JsonValue
    public String wire() {
      return name();
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static RecoveryStatus of(String value) {
      return WireEnum.parse(RecoveryStatus.class, value);
    }
  }

  /**
   * {@code session.recovered} (publish): the result of recovering the active session after a reconnect or
   * at start-up. {@code recoveredTurns}: turns reconciled from the gateway's history;
   * {@code cancelledTools}: tool executions cancelled because they were interrupted.
   */
  public record SessionRecovered(String sessionUuid, RecoveryStatus status, int recoveredTurns, int cancelledTools,
      int resentTurns, String message) {
  }

  /** {@code store.turn.committed} (publish): a turn was committed to the store. */
  public record TurnCommitted(StoreMessages.TurnView turn) {
  }
}
