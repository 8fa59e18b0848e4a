package dev.voicebridge.cli;

import dev.voicebridge.audio.WavDecoder;
import java.nio.file.Path;
import java.util.Locale;

/** What the speech-in commands share: reading the input file, printing times. */
final class SpeechInCli {

  private SpeechInCli() {
  }

  static short[] readWav(Path file) {
    return WavDecoder.readPcm16k(file);
  }

  static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
  }
}
