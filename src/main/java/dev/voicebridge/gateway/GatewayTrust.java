package dev.voicebridge.gateway;

import dev.voicebridge.base.BridgeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What a {@code wss://} gateway's certificate is checked against: the JVM's trust store plus the
 * certificates of {@code gateway.tlsCaFile} (the gateway's own self-signed certificate, or a private CA).
 * Vert.x's PEM trust options would replace the JVM's store; a gateway behind a public certificate must keep
 * working when the file is set, so both go into one trust store here. Reads files: call on a worker.
 */
final class GatewayTrust {

  private GatewayTrust() {
  }

  static TrustManagerFactory withCaFile(Path caFile) {
    Collection<? extends Certificate> extra = readCertificates(caFile);
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (X509Certificate jvm : jvmTrustManager().getAcceptedIssuers()) {
        store.setCertificateEntry("jvm-" + n++, jvm);
      }
      n = 0;
      for (Certificate c : extra) {
        store.setCertificateEntry("tlsCaFile-" + n++, c);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory;
    } catch (GeneralSecurityException | IOException e) {
      throw new BridgeException("cannot build the TLS trust store with gateway.tlsCaFile " + caFile + ": "
          + e.getMessage(), e);
    }
  }

  private static Collection<? extends Certificate> readCertificates(Path caFile) {
    String problem;
    try (InputStream in = Files.newInputStream(caFile)) {
      Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (!certificates.isEmpty()) {
        return certificates;
      }
      problem = "it holds no PEM certificate";
    } catch (NoSuchFileException e) {
      problem = "it does not exist";
    } catch (IOException e) {
      problem = "it cannot be read (" + e.getMessage() + ")";
    } catch (GeneralSecurityException e) {
      problem = "it holds no PEM certificate";
    }
    throw new BridgeException("gateway.tlsCaFile " + caFile + " is not usable: " + problem + "; give the PEM "
        + "certificate of the gateway (or of its CA), or leave it empty to use the JVM's trust store");
  }

  private static X509TrustManager jvmTrustManager() throws GeneralSecurityException {
    TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    jvm.init((KeyStore) null);
    for (var tm : jvm.getTrustManagers()) {
      if (tm instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JVM has no X.509 trust manager");
  }
}
