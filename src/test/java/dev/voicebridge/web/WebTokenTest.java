package dev.voicebridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.base.BridgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebTokenTest {

  @TempDir
  Path dir;

  @Test
  void madeOnceOwnerOnlyAndTheSameAtEveryLaterStart() throws Exception {
    Path file = dir.resolve("data").resolve("http-token");
    WebToken.Loaded first = WebToken.loadOrCreate(file);
    assertTrue(first.created());
    assertTrue(first.token().length() >= 40, first.token()); // 256 bits in base64url
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    WebToken.Loaded again = WebToken.loadOrCreate(file);
    assertFalse(again.created());
    assertEquals(first.token(), again.token());
  }

  @Test
  void aTokenOthersCanReadIsRefusedWithWhatToDo() throws Exception {
    Path file = dir.resolve("http-token");
    Files.writeString(file, "0123456789abcdef0123");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    BridgeException e = assertThrows(BridgeException.class, () -> WebToken.loadOrCreate(file));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void aShortOrEmptyTokenFileIsRefused() throws Exception {
    Path file = dir.resolve("http-token");
    Files.writeString(file, "short\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    BridgeException e = assertThrows(BridgeException.class, () -> WebToken.loadOrCreate(file));
    assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
  }
}
