package dev.voicebridge.stt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

class WhisperNativesTest {

  @Test
  void aPi5GetsTheFp16BuildAnyOther64BitArmTheCrcOne() {
    // Features lines as a Raspberry Pi 5 (Cortex-A76) and a Pi 4 (Cortex-A72) print them; an emulator's host
    assertEquals("libggml+fp16.so", WhisperNatives.ggmlFor(
        "Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp"));
    assertEquals("libggml+crc.so", WhisperNatives.ggmlFor("Features\t: fp asimd evtstrm crc32 cpuid"));
    assertEquals("libggml+crc.so", WhisperNatives.ggmlFor("flags\t\t: fpu vme de pse tsc msr pae avx2 fma f16c"));
  }

  @Test
  void bothBuildsAreInTheJarWhereTheyAreLookedFor() {
    // the test class path holds whisper-jni's jar as the fat jar does
    for (String lib : new String[] {"libggml+fp16.so", "libggml+crc.so", "libwhisper-jni.so", "libwhisper.so.1"}) {
      assertNotNull(WhisperNatives.class.getResource("/debian-arm64/" + lib), lib);
    }
  }
}
