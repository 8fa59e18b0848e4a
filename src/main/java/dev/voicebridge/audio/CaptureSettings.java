package dev.voicebridge.audio;

import dev.voicebridge.config.BridgeConfig;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code audio.input} keys and {@code audio.frameMs}, typed. */
public record CaptureSettings(
    String source,
    String device,
    Optional<Path> file,
    boolean realtime,
    int frameMs,
    int stdinSampleRate,
    int bufferMs,
    int retryMs) {

  public static CaptureSettings from(BridgeConfig c) {
    return new CaptureSettings(
        c.string("audio.input.source"),
        c.string("audio.input.device"),
        c.optionalPath("audio.input.file"),
        c.bool("audio.input.realtime"),
        c.integer("audio.frameMs"),
        c.integer("audio.input.stdinSampleRate"),
        c.integer("audio.input.bufferMs"),
        c.integer("audio.input.retryMs"));
  }

  public int frameSamples() {
    return frameMs * PcmSamples.SAMPLES_PER_MS;
  }

  public CaptureSettings withFile(Path wav, boolean paced) {
    return new CaptureSettings("file", device, Optional.of(wav), paced, frameMs, stdinSampleRate, bufferMs, retryMs);
  }

  public CaptureSettings withSource(String newSource) {
    return new CaptureSettings(newSource, device, file, realtime, frameMs, stdinSampleRate, bufferMs, retryMs);
  }
}
