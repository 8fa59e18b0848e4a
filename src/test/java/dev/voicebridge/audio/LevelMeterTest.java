package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.DeviceMessages.AudioLevel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LevelMeterTest {

  @Test
  void aFullScaleSquareWaveIsZeroDbAndSilenceIsTheFloor() {
    LevelMeter meter = new LevelMeter(32);
    short[] square = new short[512];
    for (int i = 0; i < square.length; i++) {
      square[i] = (short) (i % 2 == 0 ? 32767 : -32767);
    }
    AudioLevel loud = meter.add(square, square.length, false);
    assertEquals(0.0, loud.rmsDb(), 0.01);
    assertEquals(0.0, loud.peakDb(), 0.01);
    assertEquals(32, loud.windowMs());
    AudioLevel silent = meter.add(new short[512], 512, true);
    assertEquals(LevelMeter.FLOOR_DB, silent.rmsDb());
    assertTrue(silent.muted());
  }

  @Test
  void aReadingComesOncePerWindowAndStartsAfresh() {
    LevelMeter meter = new LevelMeter(96); // three 32 ms frames
    short[] frame = new short[512];
    Arrays.fill(frame, (short) 3277); // a tenth of full scale: -20 dB
    assertNull(meter.add(frame, 512, false));
    assertNull(meter.add(frame, 512, false));
    AudioLevel level = meter.add(frame, 512, false);
    assertEquals(-20.0, level.rmsDb(), 0.05);
    assertEquals(96, level.windowMs());
    assertNull(meter.add(new short[512], 512, false)); // the next window has begun: no old samples in it
    assertNull(meter.add(new short[512], 512, false));
    assertEquals(LevelMeter.FLOOR_DB, meter.add(new short[512], 512, false).peakDb());
  }

  @Test
  void onlyTheCountedSamplesAreMeasured() {
    LevelMeter meter = new LevelMeter(1);
    short[] buffer = new short[64];
    Arrays.fill(buffer, 16, 64, Short.MAX_VALUE); // beyond count: not this frame's
    assertEquals(LevelMeter.FLOOR_DB, meter.add(buffer, 16, false).rmsDb());
    assertThrows(IllegalArgumentException.class, () -> new LevelMeter(0));
  }
}
