package dev.voicebridge.vad;

import dev.voicebridge.base.BridgeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the voice activity detector: Silero when asked for and loadable, else the energy fallback. */
public final class VadEngines {

  private static final Logger LOG = LoggerFactory.getLogger(VadEngines.class);

  private VadEngines() {
  }

  /** The configured detector; when Silero cannot load, one warning and the energy detector. */
  public static VoiceActivityDetector create(VadSettings s) {
    if (s.engine().equals("silero")) {
      try {
        return SileroVad.load(s.modelPath());
      } catch (BridgeException e) {
        LOG.warn("{}; using the energy voice activity detector instead (less accurate)", e.getMessage());
      }
    }
    return new EnergyVad(s.energyThresholdDb());
  }

  /** Exactly the detector named (for the CLI and benchmarks): no fallback, failures are errors. */
  public static VoiceActivityDetector require(String engine, VadSettings s) {
    return switch (engine) {
      case "silero" -> SileroVad.load(s.modelPath());
      case "energy" -> new EnergyVad(s.energyThresholdDb());
      default -> throw new BridgeException("unknown VAD engine '" + engine + "' (silero or energy)");
    };
  }
}
