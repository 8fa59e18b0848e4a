package dev.voicebridge.tts;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Creates the configured engine, falling back to FreeTTS (with one clear warning) when espeak-ng is
 * missing. The gateway engine speaks through the gateway with a local engine ({@code tts.gateway.fallback})
 * behind it.
 */
public final class Synthesizers {

  private Synthesizers() {
  }

  /**
   * Blocking (probes espeak-ng, may load the FreeTTS voice): call on a worker thread.
   *
   * @param warn receives the fallback warning, if any
   */
  public static Synthesizer create(TtsSettings settings, Consumer<String> warn) {
    return create(settings, warn, null);
  }

  /** The same; {@code gateway} is how the gateway engine reaches the gateway (null: it cannot, local only). */
  public static Synthesizer create(TtsSettings settings, Consumer<String> warn, GatewaySynthesizer.Voice gateway) {
    if (settings.engine().equals("gateway")) {
      Synthesizer local = create(settings.withEngine(settings.gatewayFallback()), warn, null);
      if (gateway == null) {
        warn.accept("tts.engine gateway needs the gateway client (voice mode): speaking with " + local.name());
        return local;
      }
      return new GatewaySynthesizer(local, gateway, settings.gatewayTimeoutMs(), warn);
    }
    if (settings.engine().equals("espeak")) {
      Optional<String> version = EspeakSynthesizer.probe(settings.espeakBinary());
      if (version.isPresent()) {
        return new EspeakSynthesizer(settings);
      }
      warn.accept("espeak-ng ('" + settings.espeakBinary() + "') cannot be run, so speech uses the built-in "
          + "FreeTTS voice instead (install it with: apt-get install espeak-ng, or set tts.engine to freetts)");
    }
    return new FreeTtsSynthesizer(settings);
  }

  /** The named engine, without fallback (for {@code say --engine}). Blocking. */
  public static Synthesizer exactly(TtsSettings settings) {
    if (settings.engine().equals("espeak")) {
      if (EspeakSynthesizer.probe(settings.espeakBinary()).isEmpty()) {
        throw new SynthesisException("espeak-ng ('" + settings.espeakBinary() + "') cannot be run: install it "
            + "(apt-get install espeak-ng) or use --engine freetts");
      }
      return new EspeakSynthesizer(settings);
    }
    return new FreeTtsSynthesizer(settings);
  }
}
