package dev.voicebridge.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Lifecycle state of a session. On the wire and in the database: the lower-case name. */
public enum SessionState {
  ACTIVE,
  CLOSED,
  ERROR;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static SessionState of(String value) {
    return WireEnum.parse(SessionState.class, value);
  }
}
