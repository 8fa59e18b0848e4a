package dev.voicebridge.tts;


import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.config.BridgeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Shared by the speech-out tests: settings, collected audio, real crashing espeak-ng stand-ins (espeak-ng itself: {@link dev.voicebridge.testkit.SpeechFixtures#requireEspeak()}). */
final class TtsFixtures {

  static final String SENTENCE = "The weather in Lisbon will stay sunny and warm for the rest of this week.";

  private TtsFixtures() {
  }

  static TtsSettings settings() {
    return TtsSettings.from(BridgeConfig.defaults());
  }

  /** Everything a synthesiser produced for one sentence. */
  static class Collected implements AudioReceiver {
    PcmFormat format;
    final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    int blocks;

    @Override
    public void format(PcmFormat f) {
      format = f;
    }

    @Override
    public void pcm(byte[] data, int off, int len) {
      pcm.write(data, off, len);
      blocks++;
    }

    double seconds() {
      return pcm.size() / (double) format.bytesPerSecond();
    }
  }

  static Collected synthesize(Synthesizer s, String text) {
    Collected c = new Collected();
    s.synthesize(text, c, new Cancellation());
    return c;
  }

  /**
   * An executable script standing in for espeak-ng: real espeak-ng, except that a line containing CRASH
   * makes the process die of SIGSEGV, as a crashing engine would.
   */
  static Path crashingEspeak(Path dir) throws IOException {
    Path script = dir.resolve("espeak-ng-crashing");
    Files.writeString(script, """
        #!/bin/bash
        if [ "$1" = "--version" ]; then exec espeak-ng --version; fi
        read -r line
        if [[ "$line" == *CRASH* ]]; then kill -SEGV $$; fi
        printf '%s\\n' "$line" | exec espeak-ng "$@"
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
