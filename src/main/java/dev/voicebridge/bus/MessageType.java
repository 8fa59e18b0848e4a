package dev.voicebridge.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What kind of message a turn is (from the reference design's classification). On the wire and in the database: the lower-case name. */
public enum MessageType {
  FINAL,
  THINKING,
  TOOL_CALL,
  TOOL_RESULT,
  PLANNING,
  PROGRESS,
  ERROR,
  INTERRUPT;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static MessageType of(String value) {
    return WireEnum.parse(MessageType.class, value);
  }
}
