package dev.voicebridge.stt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bench.SyntheticWhisperModel;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.testkit.SpeechFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Whisper path through whisper-jni with a model file of the real tiny architecture and random weights
 * (no Whisper weights are available from the registries here): whisper.cpp loads it and runs full
 * inference, deterministically; missing, corrupt and truncated models give one clear message each.
 */
class WhisperTranscriberTest {

  @TempDir
  static Path dir;
  private static Path model;
  private static SttSettings settings;

  @BeforeAll
  static void writeModel() throws IOException {
    model = SyntheticWhisperModel.write(dir.resolve("ggml-tiny-synthetic.bin"), 42);
    // without the temperature fallback, decoding is greedy and so deterministic
    settings = SttSettings.from(BridgeConfig.defaults()).withWhisperModel(model).withEngine("whisper")
        .withTemperatureFallback(false);
  }

  @Test
  void theTinyArchitectureLoadsAndRunsFullInference() {
    short[] speech = SpeechFixtures.track().silence(300).say("what is the weather tomorrow").silence(300).samples();
    try (Transcriber whisper = Transcribers.create("whisper", settings)) {
      assertEquals("whisper", whisper.engine());
      String first = whisper.transcribe(speech);
      assertNotNull(first);
      String again = whisper.transcribe(speech);
      assertEquals(first, again, "greedy decoding of the same audio with the same weights is deterministic");
      // the same context serves another utterance, fed in frames as the bridge does
      Transcriber.Utterance u = whisper.open();
      for (int off = 0; off < speech.length; off += 512) {
        short[] frame = Arrays.copyOfRange(speech, off, Math.min(speech.length, off + 512));
        assertEquals(null, u.accept(frame, frame.length), "Whisper gives no partial results");
      }
      assertEquals(first, u.finish());
    }
  }

  @Test
  void aMissingModelSaysWhereAndHowToGetOne() {
    Path missing = dir.resolve("ggml-base.en.bin");
    BridgeException e = assertThrows(BridgeException.class,
        () -> Transcribers.create("whisper", settings.withWhisperModel(missing)));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("scripts/download-whisper-model.sh"), e.getMessage());
  }

  @Test
  void corruptAndTruncatedModelsAreRejectedClearly() throws IOException {
    byte[] noise = new byte[200_000];
    new Random(1).nextBytes(noise);
    Path corrupt = Files.write(dir.resolve("corrupt.bin"), noise);
    byte[] head = new byte[3_000_000];
    try (var in = Files.newInputStream(model)) {
      assertEquals(head.length, in.readNBytes(head, 0, head.length));
    }
    Path truncated = Files.write(dir.resolve("truncated.bin"), head);
    for (Path bad : new Path[] {corrupt, truncated}) {
      BridgeException e = assertThrows(BridgeException.class,
          () -> Transcribers.create("whisper", settings.withWhisperModel(bad)));
      assertTrue(e.getMessage().contains("is not a Whisper ggml model"), e.getMessage());
    }
  }

  @Test
  void theBridgeFallsBackToVoskWhenWhisperCannotLoad() {
    SpeechFixtures.requireModels();
    Optional<Transcriber> t = Transcribers.forBridge(settings.withWhisperModel(dir.resolve("absent.bin")));
    assertTrue(t.isPresent());
    try (Transcriber engine = t.get()) {
      assertEquals("vosk", engine.engine());
    }
  }

  @Test
  void theDefaultVoskFallsThroughToWhisperWhenItCannotLoad() {
    // as on a Raspberry Pi, where Vosk has no native library: here, a Vosk model that is not there
    Optional<Transcriber> t = Transcribers.forBridge(settings.withEngine("vosk")
        .withVoskModel(dir.resolve("no-vosk-model")));
    assertTrue(t.isPresent());
    try (Transcriber engine = t.get()) {
      assertEquals("whisper", engine.engine());
    }
  }

  @Test
  void withNeitherEngineSpeechToTextIsOffAndSaysWhatToInstall() {
    Optional<Transcriber> t = Transcribers.forBridge(settings.withEngine("vosk")
        .withVoskModel(dir.resolve("no-vosk-model")).withWhisperModel(dir.resolve("absent.bin")));
    assertTrue(t.isEmpty());
    assertTrue(Transcribers.whatToInstall().contains("download-whisper-model.sh"), Transcribers.whatToInstall());
  }
}
