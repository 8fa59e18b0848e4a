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

  /**
   * Reply of {@code session.input}: the user turn as stored. {@code delivery} SENT means the gateway
   * acknowledged it ({@code runId} set); PENDING means the gateway is not connected: the turn is kept and
   * sent with the same idempotency key as soon as the connection is back (see {@code session.recovered}).
   */
  public record InputAccepted(String sessionUuid, int turnIndex, String idempotencyKey, String runId,
      Delivery delivery) {
  }

  /**
   * {@code session.turn.answered} (publish): a user turn's run ended and its reply is stored.
   * {@code outcome} FINAL (an answer), ERROR (the run failed: {@code text} is the error) or INTERRUPT (it
   * was aborted: {@code text} is what had streamed). {@code assistantTurnIndex} is absent when there was no
   * text to store (e.g. the gateway merged the message into a run that was already answering). Published
   * once per run; recovery publishes it too for replies that finished while the bridge was away.
   */
  public record TurnAnswered(String sessionUuid, int userTurnIndex, String runId, MessageType outcome,
      Integer assistantTurnIndex, String text) {
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
      int resentTurns, String message, String sessionKey) {

    public SessionRecovered(String sessionUuid, RecoveryStatus status, int recoveredTurns, int cancelledTools,
        int resentTurns, String message) {
      this(sessionUuid, status, recoveredTurns, cancelledTools, resentTurns, message, null);
    }

    /** The same, saying which session key was recovered (the bridge keeps one conversation per routed key). */
    public SessionRecovered forKey(String key) {
      return new SessionRecovered(sessionUuid, status, recoveredTurns, cancelledTools, resentTurns, message, key);
    }
  }

  /**
   * {@code session.run} (publish): this device started {@code runId} (it sent the turn, or recovery found
   * the turn it answers), in gateway session {@code sessionKey}. Its reply is this device's to speak;
   * replies to other clients are not (see {@code tts.speakRuns}). A run this device sent names its user turn
   * ({@code sessionUuid}, {@code turnIndex}) and, when the turn was spoken, the utterance it came from
   * ({@code utteranceId}, as on speech.end and stt.transcript): that joins a turn's timings from the voice to
   * the reply (turn.timing). Recovered runs carry neither.
   */
  public record RunClaimed(String runId, String sessionKey, String sessionUuid, Integer turnIndex,
      String utteranceId) {
    public RunClaimed {
      Require.text(runId, "runId");
    }

    public RunClaimed(String runId, String sessionKey) {
      this(runId, sessionKey, null, null, null);
    }
  }

  /**
   * {@code session.turn.held} (publish): a user turn did not reach the gateway now. {@code reason}
   * unreachable: the gateway is away or did not answer — the turn is kept and sent, with the same idempotency
   * key, once the connection is back (the gateway client tries to connect at once); failed: it could not be
   * sent (the gateway refused it, or it could not be stored; {@code message} says which).
   * {@code utteranceId} is set when the turn was spoken.
   */
  public record TurnHeld(String sessionKey, String sessionUuid, Integer turnIndex, String utteranceId,
      String reason, String message) {
    public TurnHeld {
      Require.text(reason, "reason");
    }
  }

  /** {@code store.turn.committed} (publish): a turn was committed to the store. */
  public record TurnCommitted(StoreMessages.TurnView turn) {
  }

  /**
   * {@code session.transcript.ignored} (publish): a final transcript that did not become a turn, and why:
   * {@code reason} empty (nothing recognised), stop_phrase (the user talked over the device only to stop it),
   * own_words (the device's own words heard back through the microphone); {@code message} says it for people.
   * A barge-in that ends in empty or own_words was most likely the device interrupting itself.
   */
  public record TranscriptIgnored(String utteranceId, String trigger, String reason, String message) {
  }
}
