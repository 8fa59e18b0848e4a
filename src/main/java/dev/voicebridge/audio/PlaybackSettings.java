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
      default -> speaker();
    };
  }

  /**
   * The sound server's own stream where one answers and no ALSA device is named (it restarts at once after
   * a barge-in; see {@link PulseSink}), else javax.sound.
   */
  private AudioSink speaker() {
    if (device.isBlank()) {
      java.util.Optional<String> problem = PulseSink.unavailable();
      if (problem.isEmpty()) {
        return new PulseSink(bufferMs);
      }
      org.slf4j.LoggerFactory.getLogger(PlaybackSettings.class)
          .debug("playing through javax.sound: {}", problem.get());
    }
    return new SpeakerSink(device, bufferMs);
  }
}
