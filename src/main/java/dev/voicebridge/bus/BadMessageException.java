package dev.voicebridge.bus;

/** A bus message that does not have the documented shape. Replied as failure code 400. */
public final class BadMessageException extends RuntimeException {

  public BadMessageException(String message) {
    super(message);
  }
}
