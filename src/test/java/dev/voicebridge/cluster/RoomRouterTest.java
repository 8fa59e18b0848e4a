package dev.voicebridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoomRouterTest {

  @Test
  void aSessionsEventsGoToItsRoomOnly() {
    RoomRouter r = new RoomRouter();
    assertTrue(r.join("kitchen", "room-kitchen"));
    assertTrue(r.join("office", "room-office"));
    assertFalse(r.join("kitchen", "room-kitchen"), "a check-in again is not new");
    assertEquals(List.of("kitchen"), r.roomsFor("agent:main:room-kitchen"), "the gateway's canonical key");
    assertEquals(List.of("office"), r.roomsFor("room-office"));
    assertEquals(List.of(), r.roomsFor("agent:main:main"), "another client's session reaches no room");
    assertEquals(List.of(), r.roomsFor(null));
  }

  @Test
  void roomsSharingASessionAllHearOfIt() {
    RoomRouter r = new RoomRouter();
    r.join("kitchen", "main");
    r.join("office", "main");
    r.defaultAgent("ops");
    assertEquals(List.of("kitchen", "office"), r.roomsFor("agent:ops:main"));
    assertEquals(List.of(), r.roomsFor("agent:main:main"), "the default agent is the gateway's");
  }

  @Test
  void announcementsGoToOneRoomOrAll() {
    RoomRouter r = new RoomRouter();
    r.join("kitchen", "room-kitchen");
    r.join("office", "room-office");
    assertEquals(List.of("kitchen", "office"), r.announceTo(null));
    assertEquals(List.of("office"), r.announceTo("office"));
    assertEquals(List.of(), r.announceTo("attic"));
    r.leave("office");
    assertEquals(List.of("kitchen"), r.announceTo(""));
  }
}
