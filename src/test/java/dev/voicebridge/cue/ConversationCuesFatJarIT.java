package dev.voicebridge.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.voicebridge.testkit.Tones;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conversation as a user has it with the fat jar: the wake word answered by a short rising sound, a slow
 * answer covered by the quiet "thinking" note, the follow-up question asked without the wake word after the
 * reply — and, with OpenClaw out of reach, a spoken sentence instead of silence. The microphone is the
 * bridge's stdin fed in real time; the speaker is a WAV, searched for the cues' tones and transcribed back.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConversationCuesFatJarIT {

  private static final String SESSION = "cues-it";

  @TempDir
  Path home;

  @Test
  void theWakeWordIsAnsweredASlowReplyIsCoveredAndTheFollowUpNeedsNoWakeWord() throws Exception {
    SpeechFixtures.requireModels();
    SharedGateway shared = SharedGateway.get();
    // A reply whose first sentence takes about four seconds to stream: the thinking note fills the wait.
    // Keyed on words the small model hears every time ("what time is it" came back as "what i did it").
    shared.model().when("music", MockModel.Text.slow("Let me see, here is some jazz for you.", 500));
    shared.model().when("light", MockModel.Text.of("The kitchen light is on now."));
    RawGatewayClient phone = shared.client();
    Path out = home.resolve("speaker.wav");
    String log;
    try (BridgeProcess bridge = BridgeProcess.start(home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", shared.token()), "run",
        "-v", "--set", "gateway.url=" + shared.url(), "--set", "gateway.sessionKey=" + SESSION,
        "--set", "wake.engine=vosk", "--set", "cues.thinkingMs=1000", "--set", "node.enabled=false",
        "--set", "audio.input.source=stdin", "--set", "audio.output.sink=wav", "--set", "audio.output.file=" + out,
        "--set", "http.enabled=false")) {
      LiveMicrophone mic = new LiveMicrophone(bridge.stdin());
      mic.start();
      bridge.await(() -> bridge.said("listening:") && bridge.said("connected to"), 120);
      mic.say(new SpeechTrack().say("hey computer").silence(250).say("play some music").silence(300).samples());
      bridge.await(() -> history(phone).contains("some jazz"), 90);
      // the reply plays to its end, then listening stays open for a follow-up
      bridge.await(() -> bridge.said("listening for a follow-up"), 60);
      mic.say(new SpeechTrack().say("turn on the kitchen light").silence(300).samples());
      bridge.await(() -> history(phone).contains("light is on"), 90);
      Thread.sleep(3000); // the second reply plays out to the WAV
      log = bridge.text();
    } finally {
      phone.close();
    }
    assertTrue(log.contains("trigger=follow_up"), "the second question was taken as a follow-up:\n" + log);

    short[] played = WavDecoder.readPcm16k(out);
    List<Long> wake = Tones.pairs(played, 660, 880, 150);
    assertEquals(1, wake.size(), "one wake sound (the follow-up needs none): " + wake);
    List<Long> thinking = Tones.starts(played, 440);
    assertFalse(thinking.isEmpty(), "the thinking note covered the slow reply");
    assertTrue(thinking.get(0) > wake.get(0), "thinking after the wake sound: " + wake + " " + thinking);
    try (Transcriber vosk = Transcribers.create("vosk", SttSettings.from(BridgeConfig.defaults()))) {
      String spoken = vosk.transcribe(played);
      assertTrue(spoken.contains("jazz"), "the first reply was spoken: " + spoken);
      assertTrue(spoken.contains("kitchen"), "the follow-up's reply was spoken: " + spoken);
    }
  }

  @Test
  void withOpenClawOutOfReachTheDeviceSaysSoInsteadOfStayingSilent() throws Exception {
    SpeechFixtures.requireModels();
    Path out = home.resolve("speaker.wav");
    String log;
    try (BridgeProcess bridge = BridgeProcess.start(home, Map.of(), "run",
        "--set", "gateway.url=ws://127.0.0.1:9", "--set", "wake.engine=vosk", "--set", "node.enabled=false",
        "--set", "audio.input.source=stdin", "--set", "audio.output.sink=wav", "--set", "audio.output.file=" + out,
        "--set", "http.enabled=false")) {
      LiveMicrophone mic = new LiveMicrophone(bridge.stdin());
      mic.start();
      bridge.await(() -> bridge.said("listening:"), 120);
      Thread.sleep(2000);
      mic.say(new SpeechTrack().say("hey computer").silence(250).say("turn on the kitchen light").silence(300)
          .samples());
      bridge.await(() -> bridge.said("is kept until the gateway is back"), 60);
      Thread.sleep(6000); // the sentence plays to the WAV
      log = bridge.text();
    }
    short[] played = WavDecoder.readPcm16k(out);
    assertEquals(1, Tones.pairs(played, 660, 880, 150).size(), "the wake sound:\n" + log);
    try (Transcriber vosk = Transcribers.create("vosk", SttSettings.from(BridgeConfig.defaults()))) {
      String spoken = vosk.transcribe(played);
      assertTrue(spoken.contains("reach"), "the device said it cannot reach OpenClaw: " + spoken + "\n" + log);
    }
  }

  private static String history(RawGatewayClient client) {
    return client.request("chat.history", new JsonObject().put("sessionKey", SESSION).put("limit", 20))
        .toCompletionStage().toCompletableFuture().join().encode();
  }
}
