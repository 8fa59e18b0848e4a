package dev.voicebridge.cluster;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.config.ConfigLoader;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;

/** The {@code cluster.*} keys: which role this bridge plays in a household of satellites, and where. */
public record ClusterSettings(Role role, String room, Path dir, String joinHost, int joinPort, int port, String host,
    int busPort, String sessionKeyTemplate, long hubCheckMs) {

  public static final String DEFAULT_DIR = "~/.voice-bridge/cluster";

  /** all: one box does everything; hub: speech-to-text, gateway and store for satellites; satellite: one room. */
  public enum Role { ALL, HUB, SATELLITE }

  public static ClusterSettings from(BridgeConfig c) {
    Role role = Role.valueOf(c.string("cluster.role").toUpperCase(Locale.ROOT));
    String room = c.string("cluster.room").strip();
    String join = c.string("cluster.join").strip();
    String joinHost = null;
    int joinPort = 0;
    if (role == Role.SATELLITE) {
      if (room.isEmpty()) {
        throw new BridgeException("a satellite needs its room: run --role satellite --room NAME (e.g. kitchen)");
      }
      ClusterKeys.checkName(room);
      if (join.isEmpty()) {
        throw new BridgeException("a satellite needs the hub's address: --join HOST:PORT (the hub's --cluster-port, "
            + "7800 unless set)");
      }
      int colon = join.lastIndexOf(':');
      try {
        joinHost = colon < 0 ? join : join.substring(0, colon);
        joinPort = colon < 0 ? 7800 : Integer.parseInt(join.substring(colon + 1));
      } catch (NumberFormatException e) {
        joinPort = -1;
      }
      if (joinHost.isBlank() || joinPort < 1 || joinPort > 65535) {
        throw new BridgeException("--join " + join + " is not HOST:PORT (e.g. --join hub.local:7800)");
      }
    }
    return new ClusterSettings(role, room, c.path("cluster.dir"), joinHost, joinPort, c.integer("cluster.port"),
        c.string("cluster.host").strip(), c.integer("cluster.busPort"), c.string("cluster.sessionKey").strip(),
        c.integer("cluster.hubCheckMs"));
  }

  /** {@code ~/...} expanded, as the configuration does for paths. */
  public static Path expand(String dir) {
    return Path.of(ConfigLoader.expandHome(dir));
  }

  public boolean clustered() {
    return role != Role.ALL;
  }

  /** The OpenClaw session key of this satellite's room. */
  public String sessionKey() {
    return sessionKeyOf(room);
  }

  /** The OpenClaw session key of room {@code name} ({@code cluster.sessionKey}, {room} replaced). */
  public String sessionKeyOf(String name) {
    return sessionKeyTemplate.replace("{room}", name);
  }

  /**
   * The address this member binds to: as configured; else a satellite binds to loopback when the hub is on
   * loopback and otherwise to the local address its packets to the hub leave from; a hub binds to its first
   * private (site-local) IPv4 address, or loopback when it has none.
   */
  public String bindAddress() {
    if (!host.isEmpty()) {
      return host;
    }
    try {
      if (role == Role.SATELLITE) {
        InetAddress hub = InetAddress.getByName(joinHost);
        if (hub.isLoopbackAddress()) {
          return hub.getHostAddress();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
          probe.connect(new InetSocketAddress(hub, joinPort));
          return probe.getLocalAddress().getHostAddress();
        }
      }
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a instanceof Inet4Address && a.isSiteLocalAddress()) {
            return a.getHostAddress();
          }
        }
      }
      return InetAddress.getLoopbackAddress().getHostAddress();
    } catch (UnknownHostException e) {
      throw new BridgeException("the hub's address " + joinHost + " does not resolve: " + e.getMessage(), e);
    } catch (SocketException e) {
      throw new BridgeException("cannot find an address to bind to (" + e.getMessage() + "): set cluster.host", e);
    }
  }
}
