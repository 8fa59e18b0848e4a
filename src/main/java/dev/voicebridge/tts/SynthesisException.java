package dev.voicebridge.tts;

import dev.voicebridge.base.BridgeException;

/** A sentence could not be synthesised (the engine crashed, is missing, or produced no audio). */
public final class SynthesisException extends BridgeException {

  public SynthesisException(String message) {
    super(message);
  }

  public SynthesisException(String message, Throwable cause) {
    super(message, cause);
  }
}
