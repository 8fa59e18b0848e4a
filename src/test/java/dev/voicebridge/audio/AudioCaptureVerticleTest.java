package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.testkit.LogCapture;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture verticle publishes a file's audio as contiguous audio.frame messages (audioMs headers, a
 * final flag on the last), reads raw PCM from stdin at another rate, and survives a microphone that cannot
 * be opened with exactly one warning that lists the devices.
 */
class AudioCaptureVerticleTest {

  private Vertx vertx;
  private final List<AudioFrames.Frame> frames = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    AudioFrames.consume(vertx.eventBus(), frames::add);
  }

  @AfterEach
  void stop() {
    CliRuntime.waitFor(vertx.close());
  }

  private CaptureSettings settings(Map<String, String> overrides) {
    return CaptureSettings.from(BridgeConfig.defaults().with(overrides));
  }

  private void waitForLastFrame() throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while ((frames.isEmpty() || !frames.get(frames.size() - 1).last()) && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void aFileBecomesContiguousFramesEndingWithTheFinalFlag(@TempDir Path dir) throws Exception {
    SpeechTrack t = new SpeechTrack().silence(1000).noise(-20, 1); // 1 s of noise: 31.25 frames of 32 ms
    Path wav = t.writeWav(dir.resolve("noise.wav"));
    AudioCaptureVerticle capture = new AudioCaptureVerticle(settings(Map.of()).withFile(wav, false));
    CliRuntime.waitFor(vertx.deployVerticle(capture));
    AudioCaptureVerticle.Ended ended = CliRuntime.waitFor(capture.ended());
    waitForLastFrame();
    assertEquals(16_000, ended.samples());
    assertEquals(32, frames.size(), "31 full frames and the 8 ms rest");
    long expected = 0;
    short[] all = new short[16_000];
    for (AudioFrames.Frame f : frames) {
      assertEquals(expected, f.startSample(), "frames are contiguous");
      assertEquals(f.startSample() / 16, f.startMs());
      System.arraycopy(f.samples(), 0, all, (int) f.startSample(), f.samples().length);
      expected = f.endSample();
    }
    assertEquals(512, frames.get(0).samples().length);
    assertEquals(128, frames.get(31).samples().length);
    assertTrue(frames.get(31).last());
    assertTrue(frames.subList(0, 31).stream().noneMatch(AudioFrames.Frame::last));
    assertArrayEquals(t.samples(), all, "the samples arrive unchanged");
  }

  @Test
  void rawPcmOnStdinIsResampledTo16kHz() throws Exception {
    byte[] pcm8k = new byte[8000 * 2]; // 1 s of silence at 8 kHz
    AudioCaptureVerticle capture = new AudioCaptureVerticle(
        settings(Map.of("audio.input.source", "stdin", "audio.input.stdinSampleRate", "8000",
            "audio.input.realtime", "false")),
        () -> new ByteArrayInputStream(pcm8k));
    CliRuntime.waitFor(vertx.deployVerticle(capture));
    AudioCaptureVerticle.Ended ended = CliRuntime.waitFor(capture.ended());
    assertEquals(16_000, ended.samples(), 1);
  }

  @Test
  void aMicrophoneThatCannotBeOpenedGivesOneWarningAndTheVerticleStays() throws Exception {
    try (LogCapture logs = new LogCapture()) {
      AudioCaptureVerticle capture = new AudioCaptureVerticle(settings(Map.of(
          "audio.input.source", "mic", "audio.input.device", "no-such-microphone", "audio.input.retryMs", "200")));
      String id = CliRuntime.waitFor(vertx.deployVerticle(capture));
      Thread.sleep(700); // a few retries
      List<String> warnings = logs.lines(Level.WARN).stream()
          .filter(line -> line.contains(AudioCaptureVerticle.class.getName())).toList();
      assertEquals(1, warnings.size(), "one warning, not one per retry: " + warnings);
      String message = warnings.get(0);
      assertTrue(message.contains("no capture device matches audio.input.device='no-such-microphone'"), message);
      assertTrue(message.contains("available:"), message);
      assertTrue(vertx.deploymentIDs().contains(id), "still deployed");
      CliRuntime.waitFor(vertx.undeploy(id));
    }
  }
}
