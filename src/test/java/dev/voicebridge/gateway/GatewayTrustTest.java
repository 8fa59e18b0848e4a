package dev.voicebridge.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** gateway.tlsCaFile adds to the JVM's trust store; it does not replace it. */
class GatewayTrustTest {

  @Test
  void theCaFileIsTrustedNextToEveryCertificateTheJvmTrusts() throws Exception {
    SelfSignedCertificate own = SelfSignedCertificate.create("gateway.home.arpa");
    try {
      X509Certificate mine;
      try (InputStream in = Files.newInputStream(Path.of(own.certificatePath()))) {
        mine = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      List<X509Certificate> trusted = issuers(GatewayTrust.withCaFile(Path.of(own.certificatePath())));
      List<X509Certificate> jvm = issuers(jvmDefault());

      assertTrue(trusted.contains(mine), "the certificate of gateway.tlsCaFile is trusted");
      assertTrue(!jvm.isEmpty() && trusted.containsAll(jvm),
          "and so is every CA of the JVM's store (" + jvm.size() + "), e.g. for a gateway with a public certificate");
    } finally {
      own.delete();
    }
  }

  private static TrustManagerFactory jvmDefault() throws Exception {
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init((KeyStore) null);
    return f;
  }

  private static List<X509Certificate> issuers(TrustManagerFactory f) {
    return Arrays.stream(f.getTrustManagers()).filter(X509TrustManager.class::isInstance)
        .flatMap(tm -> Arrays.stream(((X509TrustManager) tm).getAcceptedIssuers())).toList();
  }
}
