package dev.voicebridge.bus;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where a user turn is on its way to the gateway: PENDING (persisted, not yet acknowledged), SENT (chat.send acknowledged with a runId), ANSWERED (the run ended), FAILED (the gateway refused it). On the wire and in the database: the lower-case name. */
public enum Delivery {
  PENDING,
  SENT,
  ANSWERED,
  FAILED;

  @JsonValue
  public String wire() {
    return WireEnum.wire(this);
  }

  @JsonCreator
  public static Delivery of(String value) {
    return WireEnum.parse(Delivery.class, value);
  }
}
