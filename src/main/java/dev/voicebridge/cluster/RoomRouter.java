package dev.voicebridge.cluster;

import dev.voicebridge.gateway.SessionKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hub's map of rooms: which satellites are joined, in which session each converses, and so which
 * rooms an event of the gateway concerns. A reply belongs to the rooms whose session it is in — one room
 * with per-room sessions; every room sharing a session when they share one (each satellite then speaks
 * only the runs it started itself, as a single box does with other clients' runs). An event of a session
 * no room converses in goes nowhere: a satellite never hears of conversations that are not its own.
 */
public final class RoomRouter {

  private final Map<String, String> sessionByRoom = new LinkedHashMap<>();
  private String defaultAgentId = "main";

  /** A satellite joined (or checked in again): its room and session key. Returns whether it is new. */
  public boolean join(String room, String sessionKey) {
    return !sessionKey.equals(sessionByRoom.put(room, sessionKey));
  }

  public void leave(String room) {
    sessionByRoom.remove(room);
  }

  public boolean joined(String room) {
    return sessionByRoom.containsKey(room);
  }

  public List<String> rooms() {
    return List.copyOf(sessionByRoom.keySet());
  }

  /** The gateway's default agent, which canonical session keys name ({@code agent:main:room-kitchen}). */
  public void defaultAgent(String agentId) {
    if (agentId != null && !agentId.isBlank()) {
      defaultAgentId = agentId;
    }
  }

  public String defaultAgentId() {
    return defaultAgentId;
  }

  /** The rooms conversing in session {@code eventKey} (as a gateway event names it); none when it is null. */
  public List<String> roomsFor(String eventKey) {
    if (eventKey == null) {
      return List.of();
    }
    return sessionByRoom.entrySet().stream()
        .filter(e -> SessionKeys.same(e.getValue(), eventKey, defaultAgentId))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The targets of an announcement: one room, or every joined room when {@code room} is null or blank. */
  public List<String> announceTo(String room) {
    if (room == null || room.isBlank()) {
      return rooms();
    }
    return joined(room) ? List.of(room) : List.of();
  }
}
