package dev.voicebridge.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The bridge's Ed25519 device identity as the gateway sees it: {@code id} is the hex SHA-256 of the raw
 * 32-byte public key, {@code publicKey} that raw key in base64url without padding, and every connect is
 * signed with the private key.
 */
public final class DeviceIdentity {

  private static final int RAW_KEY_BYTES = 32;

  private final KeyPair keys;
  private final byte[] rawPublicKey;
  private final String deviceId;

  private DeviceIdentity(KeyPair keys) {
    this.keys = keys;
    byte[] encoded = keys.getPublic().getEncoded();
    // X.509 SubjectPublicKeyInfo of Ed25519 is a fixed 12-byte header followed by the raw key.
    this.rawPublicKey = Arrays.copyOfRange(encoded, encoded.length - RAW_KEY_BYTES, encoded.length);
    this.deviceId = HexFormat.of().formatHex(sha256(rawPublicKey));
  }

  public static DeviceIdentity generate() {
    try {
      return new DeviceIdentity(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519 (Java 15 or later is required)", e);
    }
  }

  /** Restores an identity from its X.509 public and PKCS#8 private encodings. */
  public static DeviceIdentity fromEncoded(byte[] x509Public, byte[] pkcs8Private) throws GeneralSecurityException {
    KeyFactory factory = KeyFactory.getInstance("Ed25519");
    PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(x509Public));
    PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8Private));
    DeviceIdentity identity = new DeviceIdentity(new KeyPair(pub, priv));
    if (!verify(pub, "key-check", identity.signRaw("key-check"))) {
      throw new GeneralSecurityException("the private key does not belong to the public key");
    }
    return identity;
  }

  public String deviceId() {
    return deviceId;
  }

  /** The raw public key, base64url without padding, as {@code connect.params.device.publicKey}. */
  public String publicKeyBase64Url() {
    return base64Url(rawPublicKey);
  }

  public byte[] encodedPublicKey() {
    return keys.getPublic().getEncoded();
  }

  public byte[] encodedPrivateKey() {
    return keys.getPrivate().getEncoded();
  }

  /** Signs the UTF-8 bytes of {@code payload}; base64url without padding. */
  public String sign(String payload) {
    return base64Url(signRaw(payload));
  }

  private byte[] signRaw(String payload) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(keys.getPrivate());
      signer.update(payload.getBytes(StandardCharsets.UTF_8));
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Verifies a base64url signature made by the holder of the raw public key {@code publicKeyBase64Url}. */
  public static boolean verify(String publicKeyBase64Url, String payload, String signatureBase64Url) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(publicKeyBase64Url);
      byte[] header = HexFormat.of().parseHex("302a300506032b6570032100");
      byte[] x509 = new byte[header.length + raw.length];
      System.arraycopy(header, 0, x509, 0, header.length);
      System.arraycopy(raw, 0, x509, header.length, raw.length);
      PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
      return verify(pub, payload, Base64.getUrlDecoder().decode(signatureBase64Url));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean verify(PublicKey pub, String payload, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(pub);
      verifier.update(payload.getBytes(StandardCharsets.UTF_8));
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
