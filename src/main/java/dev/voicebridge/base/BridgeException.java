package dev.voicebridge.base;

/**
 * An expected failure with a message written for the user (unknown session, unreadable database, bad
 * configuration...). The CLI prints only the message, never a stack trace, and exits with status 1.
 */
public class BridgeException extends RuntimeException {

  public BridgeException(String message) {
    super(message);
  }

  public BridgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
