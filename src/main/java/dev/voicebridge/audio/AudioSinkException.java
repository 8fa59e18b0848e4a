package dev.voicebridge.audio;

import dev.voicebridge.base.BridgeException;

/** An audio sink could not be opened or written; the message names the device or file and what to do. */
public final class AudioSinkException extends BridgeException {

  public AudioSinkException(String message) {
    super(message);
  }

  public AudioSinkException(String message, Throwable cause) {
    super(message, cause);
  }
}
