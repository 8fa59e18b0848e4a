package dev.voicebridge.cluster;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.base.IoErrors;
import dev.voicebridge.base.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The household's cluster keys: a certificate authority made once on the hub, and a key and certificate
 * for each member (the hub and every satellite) signed by it. Every member presents its certificate and
 * accepts only peers whose certificate the household CA signed, on both the membership (JGroups) and the
 * event-bus connections, so a machine without these files can neither join nor read nor send.
 *
 * <p>Layout of a member's directory (what {@code run --cluster-dir} reads): {@code member.p12} (its private
 * key and certificate chain), {@code trust.p12} (the CA certificate alone) and {@code password} (the two
 * stores' password; PKCS#12 needs one, and it guards the key if a store alone is copied somewhere). The
 * hub's directory also holds {@code ca.p12}, the CA's private key, which never leaves it; a satellite's
 * directory is made under {@code satellites/NAME} to be copied to that satellite. Files 0600, directories
 * 0700. Keys are EC P-256, signed SHA-256 with ECDSA; certificates are valid for ten years.
 */
public final class ClusterKeys {

  public static final String MEMBER_STORE = "member.p12";
  public static final String TRUST_STORE = "trust.p12";
  public static final String PASSWORD_FILE = "password";
  public static final String CA_STORE = "ca.p12";
  public static final String SATELLITES_DIR = "satellites";
  public static final String HUB_NAME = "hub";
  private static final String ALIAS = "member";
  private static final String CA_ALIAS = "ca";
  private static final Duration VALIDITY = Duration.ofDays(3650);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A member's stores, as the cluster transport loads them. */
  public record Member(String name, Path keyStore, Path trustStore, char[] password) {
  }

  private ClusterKeys() {
  }

  /** Checks a member (room) name: lower-case letters, digits and dashes, 1–32 characters, as DNS labels are. */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new BridgeException("\"" + name + "\" is not a usable name: use 1 to 32 lower-case letters, digits or "
          + "dashes, starting with a letter or digit (e.g. kitchen, living-room)");
    }
    return name;
  }

  /**
   * {@code cluster init}: the CA and the hub's keys in {@code dir}. Refuses a directory that already has a
   * CA: a second one would lock out every satellite made with the first.
   */
  public static Member init(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.exists(abs.resolve(CA_STORE))) {
      throw new BridgeException(abs + " already holds a household CA (" + CA_STORE + "); keep it (satellites trust "
          + "it), or move the directory away to start a new household");
    }
    PrivateFiles.createDirectories(abs);
    try {
      KeyPair ca = newKeyPair();
      String household = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
      X500Name caName = new X500Name("CN=voice-bridge household CA " + household + ",O=voice-bridge");
      X509Certificate caCert = sign(caName, ca, caName, ca.getPublic(), true);
      char[] password = newPassword();
      writePassword(abs.resolve(PASSWORD_FILE), password);
      KeyStore caStore = emptyStore();
      caStore.setKeyEntry(CA_ALIAS, ca.getPrivate(), password, new Certificate[] {caCert});
      store(caStore, abs.resolve(CA_STORE), password);
      return member(abs, HUB_NAME, ca.getPrivate(), caCert, password);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new BridgeException("cannot make the household keys: " + e.getMessage(), e);
    }
  }

  /**
   * {@code cluster add-satellite NAME}: a satellite's keys in {@code dir/satellites/NAME}, signed by the CA in
   * {@code dir}, with a password of their own.
   */
  public static Member addSatellite(Path dir, String name) {
    checkName(name);
    if (HUB_NAME.equals(name)) {
      throw new BridgeException("\"hub\" is the hub's own name: choose the satellite's room (e.g. kitchen)");
    }
    Path abs = dir.toAbsolutePath().normalize();
    Path caFile = abs.resolve(CA_STORE);
    if (!Files.isRegularFile(caFile)) {
      throw new BridgeException(abs + " has no household CA (" + CA_STORE + "): run `cluster init --dir " + dir
          + "` on the hub first, and add satellites there");
    }
    Path target = abs.resolve(SATELLITES_DIR).resolve(name);
    if (Files.exists(target.resolve(MEMBER_STORE))) {
      throw new BridgeException(target + " already holds keys for " + name + ": copy those, or remove the directory "
          + "to make new ones");
    }
    try {
      char[] caPassword = readPassword(abs.resolve(PASSWORD_FILE));
      KeyStore caStore = load(caFile, caPassword);
      PrivateKey caKey = (PrivateKey) caStore.getKey(CA_ALIAS, caPassword);
      X509Certificate caCert = (X509Certificate) caStore.getCertificate(CA_ALIAS);
      PrivateFiles.createDirectories(target);
      char[] password = newPassword();
      writePassword(target.resolve(PASSWORD_FILE), password);
      return member(target, name, caKey, caCert, password);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new BridgeException("cannot make keys for " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * The member whose keys are in {@code dir}, checked: the three files are there, readable by the owner only,
   * and the password opens the stores. Every problem is one message that says what to do.
   */
  public static Member load(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    for (String f : new String[] {MEMBER_STORE, TRUST_STORE, PASSWORD_FILE}) {
      Path p = abs.resolve(f);
      if (!Files.isRegularFile(p)) {
        throw new BridgeException("no cluster keys in " + abs + " (" + f + " is missing): on the hub run `cluster init "
            + "--dir DIR`; for a satellite run `cluster add-satellite NAME --dir DIR` there and copy DIR/satellites/NAME "
            + "to this machine");
      }
      requirePrivate(p);
    }
    char[] password = readPassword(abs.resolve(PASSWORD_FILE));
    try {
      KeyStore member = load(abs.resolve(MEMBER_STORE), password);
      X509Certificate cert = (X509Certificate) member.getCertificate(ALIAS);
      load(abs.resolve(TRUST_STORE), password);
      return new Member(commonName(cert), abs.resolve(MEMBER_STORE), abs.resolve(TRUST_STORE), password);
    } catch (GeneralSecurityException e) {
      throw new BridgeException("the cluster keys in " + abs + " do not open with their password file: " + e.getMessage()
          + " (make them again with cluster add-satellite)", e);
    }
  }

  private static String commonName(X509Certificate cert) throws GeneralSecurityException {
    try {
      return new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns().stream()
          .filter(r -> r.getType().equalsIgnoreCase("CN")).map(r -> String.valueOf(r.getValue())).findFirst()
          .orElse("?");
    } catch (javax.naming.InvalidNameException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static Member member(Path dir, String name, PrivateKey caKey, X509Certificate caCert, char[] password)
      throws GeneralSecurityException, OperatorCreationException {
    KeyPair pair = newKeyPair();
    X500Name subject = new X500Name("CN=" + name + ",O=voice-bridge");
    X509Certificate cert = sign(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
        new KeyPair(caCert.getPublicKey(), caKey), subject, pair.getPublic(), false);
    KeyStore member = emptyStore();
    member.setKeyEntry(ALIAS, pair.getPrivate(), password, new Certificate[] {cert, caCert});
    store(member, dir.resolve(MEMBER_STORE), password);
    KeyStore trust = emptyStore();
    trust.setCertificateEntry(CA_ALIAS, caCert);
    store(trust, dir.resolve(TRUST_STORE), password);
    return new Member(name, dir.resolve(MEMBER_STORE), dir.resolve(TRUST_STORE), password);
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try {
      ks.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return ks;
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X500Name issuer, KeyPair issuerKeys, X500Name subject,
      java.security.PublicKey subjectKey, boolean ca) throws GeneralSecurityException, OperatorCreationException {
    Instant now = Instant.now();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, subjectKey);
    try {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false,
            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      }
    } catch (IOException e) {
      throw new GeneralSecurityException(e);
    }
    return new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static char[] newPassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }

  private static void writePassword(Path file, char[] password) {
    PrivateFiles.writeString(file, new String(password) + "\n", false);
  }

  private static char[] readPassword(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
    } catch (IOException e) {
      throw new BridgeException("cannot read " + file + ": " + IoErrors.reason(e), e);
    }
  }

  private static void store(KeyStore ks, Path file, char[] password) throws GeneralSecurityException {
    PrivateFiles.prepare(file, false);
    try {
      // 0600 from the start: never a moment when the key is readable by others
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (IOException e) {
      throw new BridgeException("cannot write " + file + ": " + IoErrors.reason(e), e);
    }
    try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ks.store(out, password);
    } catch (IOException e) {
      throw new BridgeException("cannot write " + file + ": " + IoErrors.reason(e), e);
    }
  }

  private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    } catch (IOException e) {
      throw new GeneralSecurityException(file.getFileName() + ": " + IoErrors.reason(e), e);
    }
    return ks;
  }

  /** Keys others can read are keys others may have copied: refuse them, saying how to fix it. */
  private static void requirePrivate(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        throw new BridgeException(file + " can be read by others (" + PosixFilePermissions.toString(perms)
            + "): chmod 600 " + file + " (and consider the keys compromised if others had access)");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: nothing to check
    }
  }
}
