package dev.voicebridge.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.WavDecoder;
import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.bench.BridgeProcess;
import dev.voicebridge.testkit.Pitch;
import dev.voicebridge.testkit.SharedGateway;
import dev.voicebridge.testkit.SpeechFixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own voice through the gateway, as a user runs it: the fat jar, {@code tts.engine gateway}, a
 * spoken question in a WAV ("hey jarvis, tell me a joke"), a real OpenClaw gateway whose OpenAI speech
 * provider is the mock model server speaking with espeak-ng in a high female voice. The reply is written
 * to a WAV (the speaker as a file) and its pitch says whose voice it is: the gateway's, or — when the
 * provider fails — the local espeak-ng voice, with one warning.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GatewayVoiceFatJarIT {

  private static final String REPLY = "Why did the owl stay home? It was too tired to go out.";

  @TempDir
  Path home;

  private record Run(List<String> log, float[] speech, int rate) {
    String text() {
      return String.join("\n", log);
    }
  }

  private Run askForAJoke(SharedGateway shared, String session, int speechRequestsBefore) throws Exception {
    SpeechFixtures.requireModels();
    Path question = new SpeechTrack().silence(1000).say("hey jarvis").silence(300).say("tell me a joke please")
        .silence(15_000).writeWav(home.resolve("question.wav"));
    Path out = home.resolve("reply.wav");
    List<String> log;
    try (BridgeProcess bridge = BridgeProcess.start(home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", shared.token()), "run",
        "--set", "gateway.url=" + shared.url(), "--set", "gateway.sessionKey=" + session,
        "--set", "audio.input.source=file", "--set", "audio.input.file=" + question,
        "--set", "audio.output.sink=wav", "--set", "audio.output.file=" + out,
        "--set", "tts.engine=gateway", "--set", "http.enabled=false")) {
      // Both sentences asked of the gateway (or the fallback taken), and a moment for the second to be written.
      bridge.await(() -> shared.model().speechRequests().size() >= speechRequestsBefore + 2
          || bridge.said("the gateway could not speak"), 120);
      Thread.sleep(6000);
      log = bridge.log();
    }
    WavDecoder.Clip wav = WavDecoder.read(out);
    return new Run(log, wav.mono(), wav.sampleRate());
  }

  @Test
  void theReplyIsSpokenInTheVoiceTheGatewaySynthesised() throws Exception {
    SharedGateway shared = SharedGateway.get();
    shared.model().when("joke", MockModel.Text.of(REPLY));
    int before = shared.model().speechRequests().size();
    Run run = askForAJoke(shared, "gateway-voice-it", before);

    List<String> asked = shared.model().speechRequests().subList(before, before + 2).stream()
        .map(r -> r.getString("input")).toList();
    assertEquals(List.of("Why did the owl stay home?", "It was too tired to go out."), asked, run.text());
    assertTrue(run.speech().length > run.rate() * 2, "the reply was spoken: " + run.speech().length + " samples");
    double hz = Pitch.medianHz(run.speech(), run.rate());
    assertTrue(hz > 180, "the gateway's high voice, not espeak-ng's own: " + hz + " Hz\n" + run.text());
    assertTrue(run.text().contains("speech out: gateway"), run.text());
  }

  @Test
  void whenTheGatewaysProviderFailsTheReplyIsSpokenLocallyWithOneWarning() throws Exception {
    SharedGateway shared = SharedGateway.get();
    shared.model().when("joke", MockModel.Text.of(REPLY));
    shared.model().speech(MockModel.Speech.DEFAULT.failing(500));
    try {
      Run run = askForAJoke(shared, "gateway-voice-fallback-it", shared.model().speechRequests().size());
      long warnings = run.log().stream().filter(l -> l.contains("the gateway could not speak")).count();
      assertEquals(1, warnings, run.text());
      assertTrue(run.speech().length > run.rate() * 2, "the whole reply was still spoken\n" + run.text());
      double hz = Pitch.medianHz(run.speech(), run.rate());
      assertTrue(hz < 180, "espeak-ng's own voice: " + hz + " Hz");
    } finally {
      shared.model().speech(MockModel.Speech.DEFAULT);
    }
  }
}
