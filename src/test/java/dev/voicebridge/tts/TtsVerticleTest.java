package dev.voicebridge.tts;

import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.SpeechFixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.Pcm;
import dev.voicebridge.audio.PlaybackSettings;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.filter.FilterVerticle;
import dev.voicebridge.filter.SpeakGate;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech out end to end on a real event bus: gateway deltas → filter verticle → speech.say → TTS
 * verticle → a sink, with tts.* reports; a barge-in through the session's speech.halt.
 */
class TtsVerticleTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  @AfterEach
  void close() throws Exception {
    Await.result(vertx.close(), 20);
  }

  private void deploy(Map<String, String> overrides) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("audio.output.file", dir.resolve("speech.wav").toString()));
    all.putAll(overrides);
    BridgeConfig config = BridgeConfig.defaults().with(all);
    for (String address : List.of(Addresses.TTS_STARTED, Addresses.TTS_FINISHED, Addresses.TTS_INTERRUPTED,
        Addresses.TTS_ERROR)) {
      vertx.eventBus().<JsonObject>consumer(address, m -> events.add(address + " " + m.body().encode()));
    }
    await(vertx.deployVerticle(new TtsVerticle(TtsSettings.from(config), PlaybackSettings.from(config))));
    await(vertx.deployVerticle(new FilterVerticle(FilterSettings.from(config), SpeakGate.SpeakRuns.OWN, "main")));
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return Await.result(f);
  }

  private String next() throws InterruptedException {
    String e = events.poll(30, TimeUnit.SECONDS);
    if (e == null) {
      throw new AssertionError("no tts event within 30 s");
    }
    return e;
  }

  /** The session's claim: the run is this device's (it sent the turn). */
  private void claim(String runId) {
    Bus.publish(vertx.eventBus(), Addresses.SESSION_RUN, new RunClaimed(runId, "main"));
  }

  private void stream(String runId, String text, int deltaSize) {
    for (int at = 0; at < text.length(); at += deltaSize) {
      String whole = text.substring(0, Math.min(text.length(), at + deltaSize));
      Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_DELTA,
          new ReplyDelta("agent:main:main", runId, whole.substring(at), whole, false));
    }
  }

  @Test
  void aStreamedReplyIsSpokenIntoTheConfiguredSink() throws Exception {
    SpeechFixtures.requireEspeak();
    deploy(Map.of("audio.output.sink", "wav"));
    claim("run-1");
    String reply = "## Forecast\n\nIt's **sunny** in Lisbon today. See https://weather.example.com/lisbon for more.\n"
        + "```json\n{\"t\": 28}\n```\n";
    stream("run-1", reply, 7);
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "run-1", reply, "stop"));
    assertEquals(Addresses.TTS_STARTED + " {\"runId\":\"run-1\",\"engine\":\"espeak\"}", next());
    assertEquals(Addresses.TTS_FINISHED + " {\"runId\":\"run-1\",\"spokenSentences\":4}", next());
    byte[] wav = Files.readAllBytes(dir.resolve("speech.wav"));
    double seconds = (wav.length - 44) / 44100.0;
    assertTrue(seconds > 3 && seconds < 15, "four sentences of speech, " + seconds + " s");
    assertTrue(Pcm.rms(Arrays.copyOfRange(wav, 44, wav.length)) > 0.02);
  }

  @Test
  void bargeInStopsTheReplyAndItsLateDeltasAreNeverSpoken() throws Exception {
    SpeechFixtures.requireEspeak();
    deploy(Map.of("audio.output.sink", "null"));
    claim("run-2");
    String first = TtsFixtures.SENTENCE + " " + TtsFixtures.SENTENCE + " Still";
    stream("run-2", first, 11);
    assertEquals(Addresses.TTS_STARTED + " {\"runId\":\"run-2\",\"engine\":\"espeak\"}", next());
    // what the session announces when the user talks over the bridge
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_HALT, new SpeechHalt(List.of("run-2"), true, "barge-in", true));
    assertEquals(Addresses.TTS_INTERRUPTED + " {\"runId\":\"run-2\",\"spokenSentences\":0,\"reason\":\"barge-in\"}",
        next());
    // a sentence the filter sent just before it saw the halt, arriving just after it: not spoken either
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_SAY, new SpeechSay("run-2", 7, "A sentence in flight."));
    // the gateway keeps streaming the run for a moment: none of it is spoken
    String rest = first + " streaming after the barge-in. And more.";
    stream("run-2", rest, 9);
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal("k", "run-2", rest, "stop"));
    // a one-off announcement after it is spoken, and is the next thing reported
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_SAY, new SpeechSay(null, 0, "Okay."));
    assertEquals(Addresses.TTS_STARTED + " {\"runId\":\"say-1\",\"engine\":\"espeak\"}", next());
    assertEquals(Addresses.TTS_FINISHED + " {\"runId\":\"say-1\",\"spokenSentences\":1}", next());
    assertTrue(events.isEmpty(), "nothing of run-2 after the interrupt: " + events);
  }

  @Test
  void missingPiecesAreWarningsNotFailures() throws Exception {
    // no espeak-ng and a sound device that does not exist: FreeTTS into a null sink, still speaking
    deploy(Map.of("tts.espeak.binary", dir.resolve("no-such-espeak").toString(),
        "audio.output.sink", "speaker", "audio.output.device", "no-such-card-xyz"));
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_SAY, new SpeechSay("run-3", 0, "Still talking."));
    Bus.publish(vertx.eventBus(), Addresses.SPEECH_DONE,
        new dev.voicebridge.bus.SpeechOutMessages.SpeechDone("run-3", 1, "final"));
    assertEquals(Addresses.TTS_STARTED + " {\"runId\":\"run-3\",\"engine\":\"freetts\"}", next());
    assertEquals(Addresses.TTS_FINISHED + " {\"runId\":\"run-3\",\"spokenSentences\":1}", next());
  }
}
