package dev.voicebridge.gateway;

/** A frame from the gateway that does not follow the protocol (not JSON, unknown type, missing fields). */
public final class ProtocolException extends Exception {

  /** A short name for the kind of problem, so repeats of one kind are logged once. */
  private final String kind;

  public ProtocolException(String kind, String message) {
    super(message);
    this.kind = kind;
  }

  public String kind() {
    return kind;
  }
}
