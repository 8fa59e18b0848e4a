package dev.voicebridge.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Status of one tool execution. INTERRUPTED marks a tool that was running when the gateway connection dropped; recovery turns it into CANCELLED. On the wire and in the database: the lower-case name. */
public enum ToolStatus {
  PENDING,
  RUNNING,
  COMPLETED,
  ERROR,
  INTERRUPTED,
  CANCELLED;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static ToolStatus of(String value) {
    return WireEnum.parse(ToolStatus.class, value);
  }
}
