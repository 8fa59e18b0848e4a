package dev.voicebridge.bus;

/**
 * Messages of the node side: what the agent (or the user's other devices) asks of this device through
 * the gateway's node role — announcements to speak and push-to-talk — and the node connection's state.
 */
public final class NodeMessages {

  private NodeMessages() {
  }

  /**
   * {@code speech.announce} (request): speak {@code text} now, unasked by the user (a reminder, a timer,
   * "dinner is ready"). It is filtered like a reply and spoken as run {@code "announce-" + id}, after what
   * is playing; the user talking over it silences it like any reply. Replied at once with
   * {@link AnnounceAccepted}; the run's {@code tts.*} events tell how the speaking went. On a hub,
   * {@code room} names the satellite room to speak in; absent, every room speaks it (a single box ignores it).
   */
  public record Announce(String id, String text, String room) {
    public Announce {
      Require.text(id, "id");
      Require.present(text, "text");
    }

    public Announce(String id, String text) {
      this(id, text, null);
    }
  }

  /** The reply to {@code speech.announce}: the run it is spoken as and how many sentences it has (0: nothing to say). */
  public record AnnounceAccepted(String runId, int sentences) {
  }

  /**
   * {@code listen.control} (publish): push-to-talk released. {@code release}: the utterance ends now and
   * is transcribed and sent as usual; {@code cancel}: it ends now and is dropped (nothing is sent).
   */
  public record ListenControl(String action) {
    public static final String RELEASE = "release";
    public static final String CANCEL = "cancel";

    public ListenControl {
      if (!RELEASE.equals(action) && !CANCEL.equals(action)) {
        throw new BadMessageException("action must be release or cancel, not " + action);
      }
    }
  }

  /** {@code gateway.node.state} (request): what the gateway knows of node {@code nodeId} (node.list). */
  public record NodeStateRequest(String nodeId) {
    public NodeStateRequest {
      Require.text(nodeId, "nodeId");
    }
  }

  /**
   * The reply: {@code approvalState} as the gateway says it (approved, pending-approval, …; "unknown" when
   * it does not list the node) and, while pending, the request id the user approves.
   */
  public record NodeState(String nodeId, String approvalState, String pendingRequestId, String displayName,
      boolean connected) {
  }
}
