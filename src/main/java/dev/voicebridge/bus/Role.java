package dev.voicebridge.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Who said a turn. On the wire and in the database: the lower-case name. */
public enum Role {
  USER,
  ASSISTANT,
  SYSTEM,
  TOOL;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static Role of(String value) {
    return WireEnum.parse(Role.class, value);
  }
}
