package dev.voicebridge.web;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.base.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The token of a web server that listens beyond loopback when none is configured: made at the first start
 * (256 random bits), kept in a file only the owner can read (0600), and the same at every later start, so a
 * bookmarked page keeps working.
 */
public final class WebToken {

  /** The token, and whether it was made just now (then, and only then, it is shown once). */
  public record Loaded(String token, boolean created) {
  }

  private WebToken() {
  }

  /** Reads the token in {@code file}, or makes one there. Blocking: call on a worker. */
  public static Loaded loadOrCreate(Path file) {
    try {
      if (Files.isRegularFile(file)) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          throw new BridgeException(file + " (the web page's token) can be read by others: make it private with "
              + "chmod 600 " + file + ", or delete it and a new token is made at the next start");
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < 16) {
          throw new BridgeException(file + " does not hold a token of at least 16 characters: delete it and a new "
              + "one is made at the next start, or set http.token");
        }
        return new Loaded(token, false);
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      PrivateFiles.writeString(file, token + "\n", false);
      return new Loaded(token, true);
    } catch (IOException e) {
      throw new BridgeException("cannot read or make the web page's token in " + file + ": " + e.getMessage()
          + " (set http.tokenFile to a writable place, or http.token)");
    }
  }
}
