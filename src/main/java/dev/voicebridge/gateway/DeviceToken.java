package dev.voicebridge.gateway;

import java.util.List;

/**
 * The credential a gateway issues to a paired device ({@code hello-ok.auth.deviceToken}) with the role and
 * scopes it was issued for. {@link #toString()} hides the token.
 */
public record DeviceToken(String token, String role, List<String> scopes, Long issuedAtMs) {

  public DeviceToken {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "DeviceToken[role=" + role + ", scopes=" + scopes + ", token=***]";
  }
}
