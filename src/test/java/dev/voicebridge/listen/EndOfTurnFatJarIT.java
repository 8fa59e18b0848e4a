package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voicebridge.bench.EndpointingEvaluation;
import dev.voicebridge.bench.SpeechSynth;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.bench.BridgeProcess;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adaptive end of turn from the outside: {@code java -jar voice-bridge.jar listen} reads a recording in real
 * time, as a microphone delivers it, through the real listener and speech-to-text verticles on the bus. A
 * request with a pause to think after "turn on the" stays one turn; a complete request ends a few hundred
 * milliseconds after its last word, where a fixed silence timeout waits 700.
 */
class EndOfTurnFatJarIT {

  @TempDir
  Path home;

  @Test
  void aPauseToThinkStaysInTheTurnAndACompleteRequestEndsSoon() throws Exception {
    assumeTrue(SpeechSynth.available(), "espeak-ng is not installed");
    SpeechTrack track = new SpeechTrack().silence(800)
        .append("turn on the", EndpointingEvaluation.trimmed(SpeechSynth.speak("turn on the", "en-us", 165, 50)))
        .silence(1100)
        .append("kitchen lights", EndpointingEvaluation.trimmed(SpeechSynth.speak("kitchen lights", "en-us", 165, 50)))
        .silence(2500)
        .append("what time is it", EndpointingEvaluation.trimmed(SpeechSynth.speak("what time is it", "en-us", 165, 50)))
        .silence(2500);
    Path wav = track.writeWav(home.resolve("turns.wav"));
    List<SpeechTrack.Part> said = track.parts();

    List<JsonObject> events;
    try (BridgeProcess bridge = BridgeProcess.start(home, Map.of(), "listen", "--input", wav.toString(), "--json",
        "--set", "wake.engine=none")) {
      bridge.await(() -> bridge.log().stream().filter(l -> l.contains("\"stt.transcript\"")).count() >= 2, 90);
      events = bridge.log().stream().filter(l -> l.startsWith("{")).map(JsonObject::new).toList();
    }
    List<JsonObject> ends = events.stream().filter(e -> e.getString("event").equals("speech.end")).toList();
    List<JsonObject> transcripts = events.stream().filter(e -> e.getString("event").equals("stt.transcript")).toList();
    String why = String.join("\n", events.stream().map(JsonObject::encode).toList());
    assertEquals(2, ends.size(), "two turns, not three: " + why);
    assertTrue(transcripts.get(0).getString("text").startsWith("turn on the"), why);
    assertTrue(transcripts.get(0).getString("text").contains("lights"), "the words after the pause are in the turn: " + why);
    // the utterance ends where the speech ended; the listener decided soon after a complete request
    JsonObject complete = ends.get(1);
    assertTrue(Math.abs(complete.getLong("endMs") - said.get(2).endMs()) < 300, said.get(2).endMs() + " ms\n" + why);
    long waited = complete.getLong("decidedMs") - complete.getLong("endMs");
    assertTrue(waited < 450, "end of turn " + waited + " ms after a complete request (fixed: 700)\n" + why);
  }
}
