package dev.voicebridge.cli;

import dev.voicebridge.audio.WavDecoder;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.wake.WakeSettings;
import java.nio.file.Path;
import java.util.Locale;

/** What the speech-in commands share: reading the input file and the typed settings. */
final class SpeechInCli {

  private SpeechInCli() {
  }

  static short[] readWav(Path file) {
    return WavDecoder.readPcm16k(file);
  }

  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
  }

  static WakeSettings wake(BridgeConfig c) {
    return WakeSettings.from(c);
  }

  static VadSettings vad(BridgeConfig c) {
    return VadSettings.from(c);
  }

  static SttSettings stt(BridgeConfig c) {
    return SttSettings.from(c);
  }
}
