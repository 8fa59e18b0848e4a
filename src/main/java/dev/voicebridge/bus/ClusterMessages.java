package dev.voicebridge.bus;

import java.util.List;

/**
 * Messages between satellites and their hub (docs/satellites.md). Everything else a satellite and the hub
 * exchange is the catalogue's own messages, carried unchanged in the three cluster envelopes
 * ({@code cluster.hub.in}, {@code cluster.hub.request}, {@code cluster.room.ROOM}) with the headers
 * {@link #HEADER_ROOM} and {@link #HEADER_ADDRESS}.
 */
public final class ClusterMessages {

  /** Header: the satellite's room the carried message comes from or goes to. */
  public static final String HEADER_ROOM = "room";
  /** Header: the catalogue address of the carried message. */
  public static final String HEADER_ADDRESS = "address";

  private ClusterMessages() {
  }

  /**
   * {@code cluster.join} (request, carried in {@code cluster.hub.request}): a satellite checks in — at its
   * start, then every {@code cluster.hubCheckMs}. {@code needState}: it has just started or found the hub
   * again, and wants the gateway's current state (status, Talk settings, wake triggers) pushed to it.
   */
  public record Join(String room, String sessionKey, boolean needState) {
    public Join {
      Require.text(room, "room");
      Require.text(sessionKey, "sessionKey");
    }
  }

  /** The reply: the hub's name and the rooms it serves now. */
  public record Joined(String hub, List<String> rooms) {
  }
}
