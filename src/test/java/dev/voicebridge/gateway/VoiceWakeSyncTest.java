package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import dev.voicebridge.bus.GatewayMessages.WakeRoute;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceWakeSyncTest {

  @Test
  void triggersAreTakenAsTheGatewayKeepsThem() {
    VoiceWakeSync sync = new VoiceWakeSync();
    VoiceWake w = sync.triggers(new JsonObject("{\"triggers\":[\" Hey Claw \",\"computer\",\"\",7]}")).orElseThrow();
    assertEquals(List.of("Hey Claw", "computer"), w.triggers());
    assertTrue(sync.triggers(new JsonObject("{}")).isEmpty(), "not a trigger list: nothing changes");
    assertEquals(List.of("Hey Claw", "computer"), sync.current().triggers());
  }

  @Test
  void routesResolveByTheGatewaysNormalisationFirstMatchWins() {
    VoiceWakeSync sync = new VoiceWakeSync();
    VoiceWake w = sync.routing(new JsonObject("""
        {"config":{"version":1,"defaultTarget":{"agentId":"main"},"routes":[
          {"trigger":"Robot, Wake!","target":{"sessionKey":"agent:main:robot"}},
          {"trigger":"robot wake","target":{"agentId":"other"}},
          {"trigger":"hey kitchen","target":{"agentId":"kitchen"}},
          {"trigger":"both","target":{"agentId":"a","sessionKey":"b"}},
          {"trigger":"here","target":{"mode":"current"}}]}}
        """)).orElseThrow();
    assertEquals(4, w.routes().size(), "a target with both an agent and a session is not a route: " + w.routes());
    assertEquals("agent:main:robot", w.route("robot wake").sessionKey());
    assertEquals("kitchen", w.route("Hey, Kitchen!!").agentId());
    WakeRoute here = w.route("here");
    assertEquals("here", here.trigger());
    assertTrue(here.sessionKey() == null && here.agentId() == null, "mode current: the bridge's own session");
    assertEquals("main", w.route("computer").agentId(), "no route: the default target");
    assertEquals("hey bot", VoiceWake.normalise("  Hey,\u00a0 \"Bot\"!! "));
    // what a routed turn is sent with: the session, or the agent's main session, as the gateway resolves it
    assertEquals("agent:main:robot", w.route("robot wake").targetSessionKey());
    assertEquals("agent:kitchen:main", w.route("hey kitchen").targetSessionKey());
    assertEquals(null, w.route("here").targetSessionKey(), "the bridge's own session");
  }
}
