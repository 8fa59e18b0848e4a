package dev.voicebridge.node;

import dev.voicebridge.config.BridgeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code node} section: whether the bridge also connects as an OpenClaw node (so the agent and the
 * user's other devices can reach it), the name it shows in the user's node list, and which of its
 * commands it declares — a command not declared is one the gateway never lets through.
 */
public record NodeSettings(boolean enabled, String displayName, boolean announcements, boolean pushToTalk) {

  public static final String NOTIFY = "system.notify";
  public static final List<String> PUSH_TO_TALK = List.of("talk.ptt.start", "talk.ptt.stop", "talk.ptt.cancel",
      "talk.ptt.once");

  public static NodeSettings from(BridgeConfig config) {
    String name = config.string("node.displayName");
    return new NodeSettings(config.bool("node.enabled"), name.isBlank() ? defaultName() : name.strip(),
        config.bool("node.announcements"), config.bool("node.pushToTalk"));
  }

  /** The commands declared in connect. */
  public List<String> commands() {
    List<String> out = new ArrayList<>();
    if (announcements) {
      out.add(NOTIFY);
    }
    if (pushToTalk) {
      out.addAll(PUSH_TO_TALK);
    }
    return List.copyOf(out);
  }

  /**
   * "Voice Bridge (kitchen-pi)": the host name tells the user's devices apart. Read from the environment or
   * the kernel, never through a name lookup (InetAddress.getLocalHost may wait on DNS, and settings are
   * built while components deploy).
   */
  static String defaultName() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = Files.readString(Path.of("/proc/sys/kernel/hostname"));
      } catch (IOException | RuntimeException e) {
        host = null;
      }
    }
    return host == null || host.isBlank() ? "Voice Bridge" : "Voice Bridge (" + host.strip() + ")";
  }
}
