package dev.voicebridge.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.WavDecoder;
import dev.voicebridge.bench.LiveMicrophone;
import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.RawGatewayClient;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.Transcriber;
import dev.voicebridge.stt.Transcribers;
import dev.voicebridge.bench.BridgeProcess;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.SpeechFixtures;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge as an OpenClaw node, as a user meets it: the fat jar connects to a real gateway, logs the
 * command that approves its node commands, and once the owner approved them (as {@code openclaw nodes
 * approve} does) it is in the node list under its name; an announcement invoked on it is spoken (the
 * speaker is a WAV, transcribed back), and push-to-talk invoked on it listens for one turn — whose words
 * come back in the invoke's answer and go into the conversation, and whose reply is spoken. The
 * microphone is the bridge's stdin, fed in real time: silence, and the user's words only after the
 * listening was asked for.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NodeFatJarIT {

  private static final String SESSION = "node-it";
  private static final String NAME = "Kitchen speaker";

  @TempDir
  Path home;

  @Test
  void theAgentCanReachTheDeviceAnnouncementsAreSpokenAndPushToTalkTakesATurn() throws Exception {
    SpeechFixtures.requireModels();
    SharedGateway shared = SharedGateway.get();
    // Keyed on the words the small model hears every time ("what is the weather tomorrow" came back as
    // "what is that whether to my rope" once), and on none the gateway adds itself (it adds the time).
    shared.model().when("what is", MockModel.Text.of("Tomorrow will be sunny and warm."));
    // The owner's console (Control UI or CLI on the gateway host): may approve nodes.
    RawGatewayClient console = shared.client("operator.read", "operator.write", "operator.pairing",
        "operator.admin");
    Path out = home.resolve("speaker.wav");
    LiveMicrophone mic;
    List<String> log;
    JsonObject announced;
    JsonObject heard;
    String history;
    try (BridgeProcess bridge = BridgeProcess.start(home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", shared.token()), "run",
        "--set", "gateway.url=" + shared.url(), "--set", "gateway.sessionKey=" + SESSION,
        "--set", "wake.engine=none", "--set", "wake.pushToTalk=true",
        "--set", "audio.input.source=stdin", "--set", "audio.output.sink=wav", "--set", "audio.output.file=" + out,
        "--set", "node.displayName=" + NAME, "--set", "http.enabled=false")) {
      mic = new LiveMicrophone(bridge.stdin());
      mic.start();
      // 1. The bridge says what to run; the owner runs it: openclaw nodes pending (node.pair.list), then
      // openclaw nodes approve <requestId> (node.pair.approve).
      bridge.await(() -> bridge.said("openclaw nodes pending, then openclaw nodes approve <requestId> of \"" + NAME),
          120);
      JsonObject pending = call(console, "node.pair.list", new JsonObject()).getJsonArray("pending").stream()
          .map(o -> (JsonObject) o).filter(r -> NAME.equals(r.getString("displayName"))).findFirst().orElseThrow();
      call(console, "node.pair.approve", new JsonObject().put("requestId", pending.getString("requestId")));
      bridge.await(() -> bridge.said("the gateway lists this device as node \"" + NAME + "\""), 60);
      JsonObject node = ourNode(console);
      assertNotNull(node, "the device is in the node list under its name");
      assertEquals(true, node.getValue("connected"));
      assertTrue(node.getJsonArray("commands").contains("system.notify"), node.encode());

      // 2. An announcement (what the agent's nodes tool sends for "notify") is spoken to its end.
      announced = invoke(console, node.getString("nodeId"), "system.notify",
          new JsonObject().put("title", "Kitchen timer").put("body", "The pasta is ready."));
      assertEquals("spoken", announced.getJsonObject("payload").getString("status"), announced.encode());

      // 3. Push-to-talk once: listening opens, the user speaks, the answer carries the words.
      CompletableFuture<JsonObject> once = CompletableFuture.supplyAsync(() -> invoke(console,
          node.getString("nodeId"), "talk.ptt.once", new JsonObject()));
      bridge.await(() -> bridge.said("listening: push-to-talk from the gateway"), 30);
      mic.say(new SpeechTrack().say("what is the weather tomorrow").silence(200).samples());
      heard = once.get(60, TimeUnit.SECONDS);
      // ... and the turn went into the conversation, and its reply is spoken.
      bridge.await(() -> history(console).contains("sunny and warm"), 60);
      history = history(console);
      Thread.sleep(6000); // the reply plays to the WAV in real time
      log = bridge.log();
    } finally {
      console.close();
    }
    String text = String.join("\n", log);
    JsonObject result = heard.getJsonObject("payload");
    assertEquals("queued", result.getString("status"), heard.encode() + "\n" + text);
    String words = result.getString("transcript", "");
    assertTrue(words.contains("what"), heard.encode());
    assertTrue(history.contains(words), "the words in the answer are the turn the gateway got: " + history);
    assertNotNull(result.getString("captureId"));

    // What the speaker played: the announcement, then the reply to the push-to-talk turn.
    short[] played = WavDecoder.readPcm16k(out);
    try (Transcriber vosk = Transcribers.create("vosk", SttSettings.from(BridgeConfig.defaults()))) {
      String spoken = vosk.transcribe(played);
      assertTrue(spoken.contains("kitchen timer"), "the announcement was spoken: " + spoken);
      assertTrue(spoken.contains("sunny") || spoken.contains("warm") || spoken.contains("tomorrow"),
          "the reply was spoken: " + spoken);
    }
  }

  private static JsonObject ourNode(RawGatewayClient console) {
    JsonObject list = call(console, "node.list", new JsonObject());
    return list.getJsonArray("nodes").stream().map(o -> (JsonObject) o)
        .filter(n -> NAME.equals(n.getString("displayName"))).findFirst().orElse(null);
  }

  private static String history(RawGatewayClient console) {
    return call(console, "chat.history", new JsonObject().put("sessionKey", SESSION).put("limit", 20)).encode();
  }

  private static JsonObject invoke(RawGatewayClient console, String nodeId, String command, JsonObject params) {
    return call(console, "node.invoke", new JsonObject().put("nodeId", nodeId).put("command", command)
        .put("params", params).put("idempotencyKey", UUID.randomUUID().toString()).put("timeoutMs", 30_000));
  }

  private static JsonObject call(RawGatewayClient console, String method, JsonObject params) {
    return console.request(method, params).toCompletionStage().toCompletableFuture().join();
  }
}
