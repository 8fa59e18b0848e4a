package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.AudioCaptureVerticle;
import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.audio.CaptureSettings;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.GatewayMessages;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.cli.CliRuntime;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.TranscriptionVerticle;
import dev.voicebridge.testkit.BusRecorder;
import dev.voicebridge.testkit.SpeechFixtures;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.wake.WakeSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Speech in on a real event bus: capture of a WAV file, the listener (wake word + VAD) and transcription
 * as worker verticles, checked through the messages they publish: the wake word, the utterance bounds
 * and its transcript; the echo guard while the bridge speaks, and barge-in.
 */
class ListenerVerticleTest {

  private static final DeploymentOptions WORKER = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
  private final BridgeConfig config = BridgeConfig.defaults();
  private Vertx vertx;
  private BusRecorder events;

  @BeforeEach
  void start() {
    SpeechFixtures.requireModels();
    vertx = Vertx.vertx();
    events = new BusRecorder(vertx, Addresses.WAKE_DETECTED, Addresses.SPEECH_START, Addresses.SPEECH_END,
        Addresses.STT_TRANSCRIPT, Addresses.BRIDGE_INTERRUPT);
  }

  @AfterEach
  void stop() {
    CliRuntime.waitFor(vertx.close());
  }

  private ListenerVerticle deployListener() {
    ListenerVerticle listener = new ListenerVerticle(WakeSettings.from(config), VadSettings.from(config));
    CliRuntime.waitFor(vertx.deployVerticle(listener, WORKER));
    return listener;
  }

  @Test
  void wakeWordThenRequestGivesTheUtteranceAndItsTranscript(@TempDir Path dir) throws Exception {
    SpeechTrack t = SpeechFixtures.track().silence(1000).say("hey jarvis").silence(400)
        .say("what is the weather tomorrow").silence(1500);
    Path wav = t.writeWav(dir.resolve("request.wav"));
    deployListener();
    CliRuntime.waitFor(vertx.deployVerticle(new TranscriptionVerticle(SttSettings.from(config)), WORKER));
    CliRuntime.waitFor(vertx.deployVerticle(new AudioCaptureVerticle(
        CaptureSettings.from(config).withFile(wav, false))));

    SpeechTrack.Part wake = t.parts().get(0);
    SpeechTrack.Part request = t.parts().get(1);
    WakeDetected w = events.next(Addresses.WAKE_DETECTED, WakeDetected.class, 20_000);
    assertTrue(Math.abs(w.audioMs() - wake.endMs()) <= 300, w + " vs phrase end " + wake.endMs());
    SpeechStart s = events.next(Addresses.SPEECH_START, SpeechStart.class, 20_000);
    assertTrue(Math.abs(s.startMs() - request.startMs()) <= 150, s + " vs " + request.startMs());
    assertTrue(s.audioStartMs() >= w.audioMs(), "the transcribed audio starts after the wake word");
    SpeechEnd e = events.next(Addresses.SPEECH_END, SpeechEnd.class, 20_000);
    assertEquals(s.utteranceId(), e.utteranceId());
    assertEquals("silence", e.reason());
    assertTrue(Math.abs(e.endMs() - request.endMs()) <= 150, e + " vs " + request.endMs());
    SttTranscript tr = events.next(Addresses.STT_TRANSCRIPT, SttTranscript.class, 20_000);
    assertEquals(s.utteranceId(), tr.utteranceId());
    // The words of one utterance depend on Kaldi's dither, whose random state carries over from earlier
    // recognitions in this JVM (alone this gives "what is the weather tomorrow"; after other tests it once gave
    // "what is that whether to my rope"). This test is about the path; accuracy is measured over 72
    // utterances in VoskTranscriberTest.
    assertTrue(tr.text().startsWith("what is"), tr.text());
    assertEquals("vosk", tr.engine());
    assertEquals(e.endMs() - s.audioStartMs(), tr.audioMs());
  }

  /** The gateway's triggers, arriving on the bus while the bridge listens, wake it; the wake phrase is not transcribed. */
  @Test
  void aTriggerSetAtTheGatewayWakesTheBridgeWithoutARestart(@TempDir Path dir) throws Exception {
    BridgeConfig vosk = config.with(java.util.Map.of("wake.engine", "vosk", "wake.phrase", "hey computer"));
    // (a trigger the small Vosk model hears in this voice: "hey kitchen" it heard as "vacation" — the
    // recogniser's limit, measured over voices in bench speech-in)
    SpeechTrack t = SpeechFixtures.track().silence(1000).say("hey robot, what time is it").silence(1500);
    Path wav = t.writeWav(dir.resolve("kitchen.wav"));
    CliRuntime.waitFor(vertx.deployVerticle(new ListenerVerticle(WakeSettings.from(vosk), VadSettings.from(vosk)), WORKER));
    CliRuntime.waitFor(vertx.deployVerticle(new TranscriptionVerticle(SttSettings.from(vosk)), WORKER));
    Bus.publish(vertx.eventBus(), Addresses.GATEWAY_VOICEWAKE,
        new GatewayMessages.VoiceWake(java.util.List.of("hey robot", "openclaw"), null, null));
    CliRuntime.waitFor(vertx.deployVerticle(new AudioCaptureVerticle(CaptureSettings.from(vosk).withFile(wav, false))));

    WakeDetected w = events.next(Addresses.WAKE_DETECTED, WakeDetected.class, 20_000);
    assertEquals("hey robot", w.keyword());
    assertEquals("vosk", w.engine());
    SttTranscript tr = events.next(Addresses.STT_TRANSCRIPT, SttTranscript.class, 20_000);
    assertTrue(tr.text().startsWith("what"), "the utterance after the trigger, without it: " + tr.text());
  }

  @Test
  void theBridgesOwnVoiceDoesNotWakeItButTheUserCanBargeIn() throws Exception {
    ListenerVerticle listener = deployListener();
    // the bridge speaking "hey jarvis, ..." through a speaker the microphone hears, 20 dB down
    SpeechTrack echo = SpeechFixtures.track().silence(800).say("hey jarvis").silence(200)
        .say("here is the weather for tomorrow").silence(800).gain(-20);
    // then the user, close to the microphone
    SpeechTrack user = SpeechFixtures.track().say("stop, that is enough").silence(1500);
    SpeechTrack later = SpeechFixtures.track().silence(500).say("hey jarvis").silence(2000);

    Bus.publish(vertx.eventBus(), Addresses.TTS_STARTED, new TtsStarted("run-1", "espeak"));
    long position = publish(echo.samples(), 0, listener);
    assertEquals(List.of(), events.drain(), "no wake word, no utterance, no interrupt from the bridge's own voice");

    long userStart = position;
    position = publish(user.samples(), position, listener);
    BridgeInterrupt interrupt = events.next(Addresses.BRIDGE_INTERRUPT, BridgeInterrupt.class, 10_000);
    assertEquals("barge_in", interrupt.reason());
    assertEquals("run-1", interrupt.runId());
    SpeechStart s = events.next(Addresses.SPEECH_START, SpeechStart.class, 10_000);
    assertTrue(Math.abs(s.startMs() - userStart / 16) <= 150, "the barge-in opens the user's utterance: " + s);
    events.next(Addresses.SPEECH_END, SpeechEnd.class, 10_000);

    Bus.publish(vertx.eventBus(), Addresses.TTS_FINISHED, new TtsFinished("run-1", 1));
    publish(later.samples(), position, listener);
    WakeDetected w = events.next(Addresses.WAKE_DETECTED, WakeDetected.class, 10_000);
    assertTrue(w.audioMs() > position / 16, "after playback the wake word works again: " + w);
  }

  /**
   * Publishes samples as 32 ms frames from {@code start}, padded with silence to whole frames so that the
   * next part starts on a whole millisecond; returns the end position once the listener has seen it.
   */
  private long publish(short[] unpadded, long start, ListenerVerticle listener) throws InterruptedException {
    short[] samples = Arrays.copyOf(unpadded, (unpadded.length + 511) / 512 * 512);
    for (int off = 0; off < samples.length; off += 512) {
      short[] frame = Arrays.copyOfRange(samples, off, Math.min(samples.length, off + 512));
      AudioFrames.publish(vertx.eventBus(), frame, frame.length, start + off, false);
    }
    long end = start + samples.length;
    long deadline = System.currentTimeMillis() + 30_000;
    while (listener.processedSamples() < end) {
      assertTrue(System.currentTimeMillis() < deadline, "the listener did not process the audio");
      Thread.sleep(10);
    }
    Thread.sleep(50); // the listener's last publications reach the recorder
    return end;
  }
}
