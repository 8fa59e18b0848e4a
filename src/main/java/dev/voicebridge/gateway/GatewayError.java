package dev.voicebridge.gateway;

import io.vertx.core.json.JsonObject;

/**
 * The error of a failed response: {@code code} (INVALID_REQUEST, UNAVAILABLE, FORBIDDEN...), the
 * structured {@code details.code} clients branch on (AUTH_TOKEN_MISMATCH, PAIRING_REQUIRED...), and the
 * retry hints.
 */
public record GatewayError(String code, String message, String detailCode, boolean retryable, Long retryAfterMs,
    JsonObject details) {

  static GatewayError of(JsonObject error) {
    JsonObject details = error.getValue("details") instanceof JsonObject d ? d : new JsonObject();
    Object after = error.getValue("retryAfterMs");
    return new GatewayError(
        error.getValue("code") instanceof String c ? c : "UNKNOWN",
        error.getValue("message") instanceof String m ? m : "",
        details.getValue("code") instanceof String dc ? dc : null,
        Boolean.TRUE.equals(error.getValue("retryable")),
        after instanceof Number n ? n.longValue() : null,
        details);
  }

  /** {@code details.code} when present, else {@code code}: the most specific name of the failure. */
  public String specificCode() {
    return detailCode != null ? detailCode : code;
  }

  /** A detail field as a string, or null. */
  public String detail(String field) {
    return details.getValue(field) instanceof String s ? s : null;
  }

  @Override
  public String toString() {
    return specificCode() + ": " + message;
  }
}
