package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.base.BridgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {

  @TempDir
  Path dir;

  @Test
  void theKeyPairIsMadeOnceStoredPrivatelyAndReused() throws Exception {
    Path ids = dir.resolve("data/identity");
    DeviceIdentity first = new IdentityStore(ids).loadOrCreate();
    DeviceIdentity again = new IdentityStore(ids).loadOrCreate();
    assertEquals(first.deviceId(), again.deviceId());
    assertEquals(64, first.deviceId().length());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ids)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ids.resolve("device.json"))));
    String signature = again.sign("payload");
    assertTrue(DeviceIdentity.verify(first.publicKeyBase64Url(), "payload", signature));
  }

  @Test
  void deviceTokensAreKeptPerGatewayAndCanBeForgotten() throws Exception {
    IdentityStore store = new IdentityStore(dir.resolve("identity"));
    store.saveDeviceToken("ws://127.0.0.1:18789", new DeviceToken("tok-a", "operator", List.of("operator.read"), 5L));
    assertEquals("tok-a", store.deviceToken("ws://127.0.0.1:18789/").orElseThrow().token());
    assertEquals(List.of("operator.read"), store.deviceToken("ws://127.0.0.1:18789").orElseThrow().scopes());
    assertTrue(store.deviceToken("ws://127.0.0.1:18790").isEmpty(), "another gateway never gets this token");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        dir.resolve("identity").resolve(IdentityStore.TOKEN_FILE))));
    store.clearDeviceToken("ws://127.0.0.1:18789");
    assertTrue(store.deviceToken("ws://127.0.0.1:18789").isEmpty());
  }

  @Test
  void aDamagedKeyFileIsReportedWithWhatToDo() throws Exception {
    Path ids = dir.resolve("identity");
    new IdentityStore(ids).loadOrCreate();
    Files.writeString(ids.resolve("device.json"), "{\"publicKey\": \"AAAA\"}");
    BridgeException e = assertThrows(BridgeException.class, () -> new IdentityStore(ids).loadOrCreate());
    assertTrue(e.getMessage().contains("move it away"), e.getMessage());
  }

  @Test
  void filesCopiedWithAWiderModeAreNarrowedBack() throws Exception {
    Path ids = dir.resolve("identity");
    new IdentityStore(ids).loadOrCreate();
    Files.setPosixFilePermissions(ids.resolve("device.json"), PosixFilePermissions.fromString("rw-r--r--"));
    new IdentityStore(ids).loadOrCreate();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ids.resolve("device.json"))));
  }
}
