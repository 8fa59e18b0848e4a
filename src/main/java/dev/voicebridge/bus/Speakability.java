package dev.voicebridge.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a message is spoken aloud. On the wire and in the database: the lower-case name. */
public enum Speakability {
  SPEAK,
  SILENT,
  CONDITIONAL;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static Speakability of(String value) {
    return WireEnum.parse(Speakability.class, value);
  }
}
