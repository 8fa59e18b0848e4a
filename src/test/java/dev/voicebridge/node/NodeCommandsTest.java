package dev.voicebridge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.ConnectAuth;
import dev.voicebridge.gateway.ConnectParams;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.GatewaySettings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the node declares, how it reads an invoke, and what an announcement says. */
class NodeCommandsTest {

  @Test
  void anInvokeCarriesItsParametersAsAJsonStringOrNone() {
    // as the 2026.9.6 gateway sends them (node-role research, frames of a real run)
    NodeInvoke notify = NodeInvoke.of(new JsonObject().put("id", "i1").put("nodeId", "n1")
        .put("command", "system.notify").put("paramsJSON", "{\"title\":\"Kitchen\",\"body\":\"Done.\"}")
        .put("timeoutMs", 14992).put("idempotencyKey", "k")).orElseThrow();
    assertEquals("Kitchen", notify.params().getString("title"));
    assertEquals(14992, notify.timeoutMs());
    assertEquals(14242, notify.answerWithinMs());
    NodeInvoke ptt = NodeInvoke.of(new JsonObject().put("id", "i2").put("command", "talk.ptt.start")
        .putNull("paramsJSON")).orElseThrow();
    assertEquals(new JsonObject(), ptt.params());
    assertEquals(NodeInvoke.DEFAULT_TIMEOUT_MS, ptt.timeoutMs());
    assertNull(NodeInvoke.of(new JsonObject().put("id", "i3").put("paramsJSON", "[1,2]")).orElseThrow().params(),
        "not an object: the command refuses it");
    assertNull(NodeInvoke.of(new JsonObject().put("id", "i4").put("paramsJSON", "{oops")).orElseThrow().params());
    assertEquals(Optional.empty(), NodeInvoke.of(new JsonObject().put("command", "system.notify")), "no id to answer");
  }

  @Test
  void anAnnouncementSaysTitleAndBodyOnce() {
    assertEquals(Optional.of("Reminder. Take the bread out of the oven."),
        Announcement.text(new JsonObject().put("title", "Reminder").put("body", "Take the bread out of the oven.")));
    assertEquals(Optional.of("Timer! Done."), Announcement.text(new JsonObject().put("title", "Timer!").put("body", "Done.")));
    assertEquals(Optional.of("Dinner is ready"), Announcement.text(new JsonObject().put("title", " Dinner is ready ")));
    assertEquals(Optional.of("Dinner is ready in the kitchen"), Announcement.text(new JsonObject()
        .put("title", "Dinner").put("body", "Dinner is ready in the kitchen")), "a body that repeats the title");
    assertEquals(Optional.empty(), Announcement.text(new JsonObject().put("title", " ").put("body", "")));
    assertEquals(Optional.empty(), Announcement.text(new JsonObject().put("title", 5)));
  }

  @Test
  void theNodeDeclaresItsCommandsAsOpenClawsHeadlessLinuxNodeAndSignsItsDeviceFamily() {
    NodeSettings settings = NodeSettings.from(BridgeConfig.defaults().with(Map.of("node.displayName", "Kitchen")));
    GatewaySettings gateway = GatewaySettings.from(BridgeConfig.defaults());
    DeviceIdentity identity = DeviceIdentity.generate();
    ConnectParams.Challenge challenge = new ConnectParams.Challenge("nonce-1", 1_795_500_914_068L);
    JsonObject p = ConnectParams.build(gateway, NodeClientVerticle.role(settings), identity,
        ConnectAuth.select(gateway, Optional.empty(), false), challenge);
    assertEquals("node", p.getString("role"));
    assertEquals(new JsonObject().put("id", "node-host").put("version", GatewaySettings.CLIENT_VERSION)
        .put("platform", GatewaySettings.platform()).put("mode", "node").put("deviceFamily", "Linux")
        .put("displayName", "Kitchen"), p.getJsonObject("client"));
    assertEquals(List.of(), p.getJsonArray("scopes").getList());
    assertEquals(List.of("talk"), p.getJsonArray("caps").getList());
    assertEquals(List.of("system.notify", "talk.ptt.start", "talk.ptt.stop", "talk.ptt.cancel", "talk.ptt.once"),
        p.getJsonArray("commands").getList());
    String signed = ConnectParams.signedPayload(identity.deviceId(), "node-host", "node", "node", List.of(),
        challenge.ts(), null, "nonce-1", GatewaySettings.platform(), "Linux");
    assertTrue(signed.endsWith("|linux") && signed.contains("|node|node||"), signed);
    assertTrue(DeviceIdentity.verify(identity.publicKeyBase64Url(), signed, p.getJsonObject("device").getString(
        "signature")), "the proof covers the family");

    NodeSettings quiet = NodeSettings.from(BridgeConfig.defaults().with(Map.of("node.pushToTalk", "false")));
    assertEquals(List.of("system.notify"), quiet.commands());
    assertEquals(List.of(), NodeClientVerticle.role(quiet).caps(), "no talk capability: the gateway adds no ptt");
  }
}
