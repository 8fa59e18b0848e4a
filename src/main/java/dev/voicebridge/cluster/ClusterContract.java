package dev.voicebridge.cluster;

import dev.voicebridge.bus.Addresses;
import java.util.Set;

/**
 * What may cross between a satellite and its hub, by catalogue address: the allow-lists both sides
 * enforce. Everything else stays on the member where it was published (docs/satellites.md, "What crosses").
 * A satellite is a whole device in its room — listener, conversation, reply filter, synthesis and
 * speaker — whose speech-to-text, store and gateway are the hub's.
 */
public final class ClusterContract {

  private ClusterContract() {
  }

  /** A satellite's events for the hub ({@code cluster.hub.in}). Audio only inside an open utterance. */
  public static final Set<String> UPLINK = Set.of(Addresses.AUDIO_FRAME, Addresses.SPEECH_START, Addresses.SPEECH_END,
      Addresses.SESSION_TURN_HELD);

  /**
   * The hub's services a satellite may request ({@code cluster.hub.request}): what a room's conversation and
   * recovery ask of the store and the gateway. Not the store's backup, cleanup or check: those are the
   * household owner's, on the hub.
   */
  public static final Set<String> HUB_SERVICES = Set.of(
      Addresses.STORE_SESSION_CREATE, Addresses.STORE_SESSION_GET, Addresses.STORE_SESSION_ACTIVE,
      Addresses.STORE_SESSION_UPDATE, Addresses.STORE_SESSION_CLOSE, Addresses.STORE_SESSION_LIST,
      Addresses.STORE_TURN_APPEND, Addresses.STORE_TURN_UPDATE, Addresses.STORE_TURN_LIST, Addresses.STORE_TURN_SEARCH,
      Addresses.STORE_TOOL_RECORD, Addresses.STORE_TOOL_LIST, Addresses.STORE_TOOL_TRANSITION, Addresses.STORE_STATS,
      Addresses.GATEWAY_SEND, Addresses.GATEWAY_ABORT, Addresses.GATEWAY_HISTORY, Addresses.GATEWAY_SPEAK);

  /** The gateway requests that name a session: the hub serves them only in the asking room's own session. */
  public static final Set<String> ROOM_SESSION_ONLY = Set.of(Addresses.GATEWAY_SEND, Addresses.GATEWAY_ABORT,
      Addresses.GATEWAY_HISTORY);

  /**
   * Requests the hub serves itself for any member, beyond the store and the gateway: an announcement to one
   * room or every room ({@code speech.announce} with {@code room}) — an intercom between rooms. Not proxied
   * by satellites: on a satellite, {@code speech.announce} is its own filter's.
   */
  public static final Set<String> HUB_REQUESTS = Set.of(Addresses.SPEECH_ANNOUNCE);

  /** What the hub sends a room ({@code cluster.room.ROOM}), published there as it came. */
  public static final Set<String> DOWNLINK = Set.of(Addresses.STT_PARTIAL, Addresses.STT_TRANSCRIPT,
      Addresses.GATEWAY_STATUS, Addresses.GATEWAY_TALK, Addresses.GATEWAY_VOICEWAKE, Addresses.GATEWAY_REPLY_DELTA,
      Addresses.GATEWAY_REPLY_FINAL, Addresses.GATEWAY_REPLY_ERROR, Addresses.GATEWAY_REPLY_ABORTED,
      Addresses.GATEWAY_TOOL, Addresses.STORE_TURN_COMMITTED);

  /** Requested of a room by the hub (an announcement), replied as the satellite's filter replies. */
  public static final Set<String> DOWNLINK_REQUESTS = Set.of(Addresses.SPEECH_ANNOUNCE);

  /**
   * How long a satellite waits for the hub to answer a service request, and the hub for its own service: the
   * hub's is shorter, so that a slow service comes back as the hub's 504 rather than the satellite's.
   */
  public static final long SERVICE_TIMEOUT_MS = 30_000;
  public static final long HUB_SERVICE_TIMEOUT_MS = 25_000;
}
