package dev.voicebridge.audio;

import dev.voicebridge.config.BridgeConfig;
import java.nio.file.Path;

/** The {@code audio.output} keys, typed: where speech is played. */
public record PlaybackSettings(String sink, String device, Path file, int bufferMs) {

  public static PlaybackSettings from(BridgeConfig config) {
    return new PlaybackSettings(
        config.string("audio.output.sink"),
        config.string("audio.output.device"),
        config.path("audio.output.file"),
        config.integer("audio.output.bufferMs"));
  }

  /** A sink as configured (not opened yet: a speaker opens on the first audio). */
  public AudioSink createSink() {
    return switch (sink) {
      case "wav" -> new WavFileSink(file);
      case "null" -> new NullSink(true);
      default -> new SpeakerSink(device, bufferMs);
    };
  }
}
