package dev.voicebridge.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Files the bridge writes where a user told it to (an export, a backup): readable by the owner only (0600),
 * in directories it creates for the owner only (0700), and never onto something that is not a regular file.
 * A path can name a device ({@code /dev/full}), a directory or a symbolic link; renaming a temporary file
 * over it would replace it. An existing regular file is replaced only when the user said so.
 */
public final class PrivateFiles {

  private PrivateFiles() {
  }

  /**
   * Checks that {@code target} may be written and creates its missing parent directories (0700).
   *
   * @param replace whether an existing regular file may be replaced
   * @return the absolute path
   * @throws BridgeException saying what is in the way and what to do
   */
  public static Path prepare(Path target, boolean replace) {
    Path abs = target.toAbsolutePath().normalize();
    if (Files.isSymbolicLink(abs)) {
      throw new BridgeException(abs + " is a symbolic link: give the path of a new file");
    }
    if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(abs, LinkOption.NOFOLLOW_LINKS)) {
        throw new BridgeException(abs + " exists and is not a regular file (a directory or a device): give the "
            + "path of a new file");
      }
      if (!replace) {
        throw new BridgeException(abs + " exists: give another path, or --force to replace it");
      }
    }
    createDirectories(abs.getParent());
    return abs;
  }

  /** Creates {@code dir} and its missing parents, each readable by the owner only (0700). */
  public static void createDirectories(Path dir) {
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    List<Path> missing = new ArrayList<>();
    for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(0, p);
    }
    try {
      for (Path p : missing) {
        Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new BridgeException("cannot create directory " + dir + ": " + IoErrors.reason(e), e);
    }
    if (!Files.isDirectory(dir)) {
      throw new BridgeException(dir + " is not a directory");
    }
  }

  /**
   * Writes {@code text} to {@code target} (0600) all at once: a temporary file beside it, renamed over it, so
   * the target is never half written.
   */
  public static Path writeString(Path target, String text, boolean replace) {
    Path abs = prepare(target, replace);
    try {
      Path tmp = Files.createTempFile(abs.getParent(), ".voice-bridge-", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        if (replace) {
          Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else {
          Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
          // ATOMIC_MOVE may replace on some systems: the check above ran just before; a file that appeared
          // in between was the user's own doing
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new BridgeException("cannot write " + abs + ": " + IoErrors.reason(e), e);
    }
    return abs;
  }
}
