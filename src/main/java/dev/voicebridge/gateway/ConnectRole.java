package dev.voicebridge.gateway;

import java.util.List;

/**
 * Who one connection speaks as: the role and client it names in {@code connect}, the scopes it asks for
 * and what it declares (capabilities; a node's commands). The bridge opens two: the operator that sends
 * the user's turns and hears the replies, and — with {@code node.enabled} — the node the agent reaches the
 * device through. They differ only here; the handshake, reconnects and credentials are the same code.
 *
 * @param deviceFamily signed into the device proof when present (a node reports it; the operator does not)
 */
public record ConnectRole(String role, String clientId, String clientMode, List<String> scopes, List<String> caps,
    List<String> commands, String deviceFamily, String displayName) {

  public ConnectRole {
    scopes = List.copyOf(scopes);
    caps = List.copyOf(caps);
    commands = List.copyOf(commands);
  }

  /** The operator connection: read+write scopes and tool events, as {@code gateway.clientId}/{@code clientMode}. */
  public static ConnectRole operator(GatewaySettings settings) {
    return new ConnectRole(ConnectParams.ROLE, settings.clientId(), settings.clientMode(), ConnectParams.SCOPES,
        ConnectParams.CAPS, List.of(), null, settings.displayName());
  }

  /** The same asking for other scopes (tools acting as another client of the gateway). */
  public ConnectRole withScopes(List<String> other) {
    return new ConnectRole(role, clientId, clientMode, other, caps, commands, deviceFamily, displayName);
  }

  public boolean isNode() {
    return "node".equals(role);
  }
}
