package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Delivery;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.testkit.FakeGateway;
import dev.voicebridge.testkit.TestBridge;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss:// to a gateway with a self-signed certificate (the usual home set-up behind a TLS proxy). The real
 * gateway here serves plain ws:// on loopback, so TLS is tested against the fake gateway.
 */
@Timeout(60)
class GatewayTlsTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;
  Vertx vertx;
  SelfSignedCertificate certificate;
  FakeGateway fake;
  TestBridge bridge;

  @BeforeEach
  void startTlsGateway() {
    vertx = Vertx.vertx();
    certificate = SelfSignedCertificate.create("localhost");
    fake = FakeGateway.startTls(vertx, certificate.keyCertOptions());
  }

  @AfterEach
  void stopAll() {
    if (bridge != null) {
      bridge.close();
    }
    fake.close();
    vertx.close();
    certificate.delete();
  }

  private GatewayStatus startBridgeAndAwait(Map<String, String> extra, Predicate<GatewayStatus> status) {
    Map<String, String> settings = TestBridge.settings(dir, fake.url(), "tls-token", "tls");
    settings.putAll(extra);
    bridge = TestBridge.start(settings);
    return bridge.bus().await(Addresses.GATEWAY_STATUS, GatewayStatus.class, status, WAIT);
  }

  @Test
  void aSelfSignedGatewayIsReachedWhenItsCertificateIsGiven() {
    assertTrue(fake.url().startsWith("wss://localhost:"), fake.url());
    startBridgeAndAwait(Map.of("gateway.tlsCaFile", certificate.certificatePath()),
        s -> s.state() == LinkState.CONNECTED);
    InputAccepted accepted = bridge.say("hello over TLS");
    assertEquals(Delivery.SENT, accepted.delivery(), "chat.send went through and was acknowledged");
    assertNotNull(accepted.runId());
  }

  @Test
  void anUntrustedCertificateSaysWhichSettingToUseAndKeepsRetrying() {
    GatewayStatus s = startBridgeAndAwait(Map.of(), st -> st.state() == LinkState.DISCONNECTED && st.reason() != null);
    assertTrue(s.reason().startsWith("TLS with the gateway at " + fake.url() + " failed"), s.reason());
    assertTrue(s.reason().contains("set gateway.tlsCaFile"), s.reason());
    assertTrue(s.willRetry(), "the certificate may be fixed on the gateway's side");
  }

  @Test
  void aCaFileThatDidNotSignTheGatewaysCertificateIsNamedInTheError() {
    SelfSignedCertificate other = SelfSignedCertificate.create("localhost");
    try {
      GatewayStatus s = startBridgeAndAwait(Map.of("gateway.tlsCaFile", other.certificatePath()),
          st -> st.state() == LinkState.DISCONNECTED && st.reason() != null);
      assertTrue(s.reason().contains("trusted neither by the JVM's trust store nor by gateway.tlsCaFile ("
          + other.certificatePath() + ")"), s.reason());
    } finally {
      other.delete();
    }
  }

  @Test
  void aCaFileThatIsNotACertificateStopsTheClientWithOneMessage() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
    GatewayStatus s = startBridgeAndAwait(Map.of("gateway.tlsCaFile", notPem.toString()),
        st -> st.state() == LinkState.DISCONNECTED && st.errorCode() != null);
    assertEquals("TLS_CA_UNUSABLE", s.errorCode());
    assertFalse(s.willRetry());
    assertEquals("gateway.tlsCaFile " + notPem + " is not usable: it holds no PEM certificate; give the PEM "
        + "certificate of the gateway (or of its CA), or leave it empty to use the JVM's trust store", s.reason());
  }
}
