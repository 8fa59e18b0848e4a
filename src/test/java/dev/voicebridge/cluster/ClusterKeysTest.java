package dev.voicebridge.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.base.BridgeException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterKeysTest {

  @TempDir
  Path dir;

  @Test
  void initMakesAPrivateCaAndHubKeysThatLoad() throws Exception {
    Path hub = dir.resolve("household");
    ClusterKeys.init(hub);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hub)));
    for (String f : new String[] {"ca.p12", "member.p12", "trust.p12", "password"}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hub.resolve(f))), f);
    }
    ClusterKeys.Member m = ClusterKeys.load(hub);
    assertEquals("hub", m.name());
  }

  @Test
  void aSatellitesCertificateIsSignedByTheHouseholdCaAndItsDirectoryHoldsNoCaKey() throws Exception {
    Path hub = dir.resolve("household");
    ClusterKeys.init(hub);
    ClusterKeys.Member kitchen = ClusterKeys.addSatellite(hub, "kitchen");
    Path sat = hub.resolve("satellites").resolve("kitchen");
    assertEquals(sat, kitchen.keyStore().getParent());
    assertFalse(Files.exists(sat.resolve("ca.p12")), "the CA's key never leaves the hub's directory");
    assertEquals("kitchen", ClusterKeys.load(sat).name());
    X509Certificate cert = (X509Certificate) store(sat.resolve("member.p12"), kitchen.password()).getCertificate("member");
    X509Certificate ca = (X509Certificate) store(hub.resolve("trust.p12"), ClusterKeys.load(hub).password())
        .getCertificate("ca");
    cert.verify(ca.getPublicKey()); // throws unless the household CA signed it
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "client authentication");
    assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "server authentication");
  }

  @Test
  void anotherHouseholdsCaDidNotSignIt() throws Exception {
    ClusterKeys.init(dir.resolve("ours"));
    ClusterKeys.init(dir.resolve("theirs"));
    ClusterKeys.Member attic = ClusterKeys.addSatellite(dir.resolve("theirs"), "attic");
    X509Certificate cert = (X509Certificate) store(attic.keyStore(), attic.password()).getCertificate("member");
    X509Certificate ours = (X509Certificate) store(dir.resolve("ours").resolve("trust.p12"),
        ClusterKeys.load(dir.resolve("ours")).password()).getCertificate("ca");
    assertThrows(java.security.SignatureException.class, () -> cert.verify(ours.getPublicKey()));
  }

  @Test
  void nothingIsOverwrittenAndMistakesSayWhatToDo() throws Exception {
    Path hub = dir.resolve("household");
    ClusterKeys.init(hub);
    assertTrue(assertThrows(BridgeException.class, () -> ClusterKeys.init(hub)).getMessage().contains("already holds"));
    ClusterKeys.addSatellite(hub, "kitchen");
    assertTrue(assertThrows(BridgeException.class, () -> ClusterKeys.addSatellite(hub, "kitchen")).getMessage()
        .contains("already holds keys"));
    assertTrue(assertThrows(BridgeException.class, () -> ClusterKeys.addSatellite(hub, "../etc")).getMessage()
        .contains("not a usable name"));
    assertTrue(assertThrows(BridgeException.class, () -> ClusterKeys.addSatellite(dir.resolve("none"), "kitchen"))
        .getMessage().contains("cluster init"));
    assertTrue(assertThrows(BridgeException.class, () -> ClusterKeys.load(dir.resolve("none"))).getMessage()
        .contains("no cluster keys"));
  }

  @Test
  void keysOthersCanReadAreRefused() throws Exception {
    Path hub = dir.resolve("household");
    ClusterKeys.init(hub);
    Files.setPosixFilePermissions(hub.resolve("member.p12"), PosixFilePermissions.fromString("rw-r--r--"));
    BridgeException e = assertThrows(BridgeException.class, () -> ClusterKeys.load(hub));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  private static KeyStore store(Path file, char[] password) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    }
    return ks;
  }
}
