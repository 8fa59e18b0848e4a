package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The downmix the microphone and the playback tap share. */
class PcmSamplesTest {

  @Test
  void interleavedFramesAreAveragedToMonoRoundingTowardZero() {
    short[] stereo = {100, 300, -3, -4, 32767, 32767, -32768, 32767};
    assertArrayEquals(new short[] {200, -3, 32767, 0}, PcmSamples.toMono(stereo, 2));
    assertArrayEquals(new short[] {2}, PcmSamples.toMono(new short[] {1, 2, 4, 9}, 3), "a partial frame is dropped");
  }

  @Test
  void monoIsPassedThroughAsItIs() {
    short[] mono = {1, 2, 3};
    assertSame(mono, PcmSamples.toMono(mono, 1));
  }
}
