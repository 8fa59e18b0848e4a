package dev.voicebridge.store;

import java.nio.file.Path;

/**
 * Root ignores directory permissions, and CI runs as root: there a read-only directory is made with the
 * ext4 immutable attribute, which binds root too.
 */
final class ReadOnly {

  private ReadOnly() {
  }

  static boolean makeImmutableIfRoot(Path dir) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    Process p = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("running as root and chattr +i failed on " + dir + ": "
          + new String(p.getInputStream().readAllBytes()));
    }
    return true;
  }

  static void clearImmutable(Path dir) throws Exception {
    new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
  }
}
