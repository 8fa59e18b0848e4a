package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.voicebridge.base.BridgeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Any bytes given as a WAV (a file for {@code speak}/{@code transcribe}/{@code bench}, a stream on stdin):
 * either audio whose every sample is a finite number in [-1, 1], or one error that names the input and
 * says what is wrong. Never another exception, never an allocation beyond what the bytes could hold.
 * Run by {@code scripts/fuzz.sh}; in {@code mvn test} it replays its corpus ({@code WavDecoderFuzzTestInputs}).
 */
class WavDecoderFuzzTest {

  private static final String NAME = "fuzz.wav";

  @FuzzTest(maxDuration = "30s")
  void anyBytesAreAudioOrOneClearError(@NotNull byte[] bytes) {
    WavDecoder.Clip clip;
    try {
      clip = WavDecoder.decode(bytes, NAME);
    } catch (BridgeException e) {
      assertTrue(e.getMessage().contains(NAME), () -> "the error does not name the input: " + e.getMessage());
      return;
    }
    assertTrue(clip.mono().length > 0 && clip.mono().length <= bytes.length, "frames beyond the bytes");
    for (float v : clip.mono()) {
      assertTrue(Float.isFinite(v) && v >= -1f && v <= 1f, () -> "sample out of range: " + v);
    }
    short[] pcm = clip.toPcm16k();
    long expected = (long) clip.mono().length * 16_000 / clip.sampleRate();
    assertTrue(Math.abs(pcm.length - expected) <= 2, () -> pcm.length + " samples at 16 kHz, " + expected + " expected");
  }

  @FuzzTest(maxDuration = "30s")
  void anyStreamHasAHeaderOrOneClearError(@NotNull byte[] bytes) {
    try {
      WavHeader h = WavHeader.read(new ByteArrayInputStream(bytes), NAME);
      assertTrue(h.dataOffset() <= bytes.length, "the audio starts beyond the stream");
      PcmFormat format = Pcm.readWavHeader(new ByteArrayInputStream(bytes));
      assertTrue(format.sampleRate() > 0 && format.channels() > 0, () -> "unusable format " + format);
    } catch (IOException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "an error without a message");
    }
  }
}
