package dev.voicebridge.gateway;

import dev.voicebridge.base.IoErrors;
import dev.voicebridge.base.PrivateFiles;
import dev.voicebridge.base.BridgeException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the device key pair and the device tokens the gateways issued, in {@code gateway.identityDir}: the
 * directory is 0700 and every file 0600 from the moment it is created (never widened, then narrowed), and
 * files are replaced atomically so a crash never leaves half a key. The key pair is made once and reused
 * forever: a new one would be a new device that must be paired again.
 *
 * <p>Every method does file IO: call it from a worker thread, never from an event loop.
 */
public final class IdentityStore {

  static final String KEY_FILE = "device.json";
  static final String TOKEN_FILE = "device-tokens.json";

  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

  private final Path dir;

  public IdentityStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The stored identity, or a new one (stored before it is returned). */
  public DeviceIdentity loadOrCreate() {
    Path file = dir.resolve(KEY_FILE);
    if (Files.exists(file)) {
      return load(file);
    }
    DeviceIdentity created = DeviceIdentity.generate();
    JsonObject json = new JsonObject()
        .put("version", 1)
        .put("algorithm", "Ed25519")
        .put("deviceId", created.deviceId())
        .put("publicKey", Base64.getEncoder().encodeToString(created.encodedPublicKey()))
        .put("privateKey", Base64.getEncoder().encodeToString(created.encodedPrivateKey()));
    writePrivate(file, json);
    return created;
  }

  private DeviceIdentity load(Path file) {
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      DeviceIdentity identity = DeviceIdentity.fromEncoded(
          Base64.getDecoder().decode(json.getString("publicKey", "")),
          Base64.getDecoder().decode(json.getString("privateKey", "")));
      tightenIfLoose(file);
      return identity;
    } catch (IOException | DecodeException | ClassCastException | IllegalArgumentException
        | GeneralSecurityException e) {
      throw new BridgeException("the device identity " + file + " cannot be read (" + e.getMessage()
          + "); move it away to create a new identity (the gateway will then see a new device to pair)", e);
    }
  }

  /** The device token stored for the gateway at {@code gatewayUrl}, if any. */
  public Optional<DeviceToken> deviceToken(String gatewayUrl) {
    JsonObject entry = readTokens().getJsonObject(tokenKey(gatewayUrl));
    if (entry == null || entry.getString("token", "").isBlank()) {
      return Optional.empty();
    }
    List<String> scopes = new ArrayList<>();
    entry.getJsonArray("scopes", new JsonArray()).forEach(s -> scopes.add(String.valueOf(s)));
    return Optional.of(new DeviceToken(entry.getString("token"), entry.getString("role"), scopes,
        entry.getLong("issuedAtMs")));
  }

  public void saveDeviceToken(String gatewayUrl, DeviceToken token) {
    JsonObject all = readTokens();
    all.put(tokenKey(gatewayUrl), new JsonObject()
        .put("token", token.token())
        .put("role", token.role())
        .put("scopes", new JsonArray(new ArrayList<>(token.scopes())))
        .put("issuedAtMs", token.issuedAtMs()));
    writePrivate(dir.resolve(TOKEN_FILE), all);
  }

  public void clearDeviceToken(String gatewayUrl) {
    JsonObject all = readTokens();
    if (all.remove(tokenKey(gatewayUrl)) != null) {
      writePrivate(dir.resolve(TOKEN_FILE), all);
    }
  }

  private JsonObject readTokens() {
    Path file = dir.resolve(TOKEN_FILE);
    if (!Files.exists(file)) {
      return new JsonObject();
    }
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException | DecodeException e) {
      // Only a cached credential: losing it costs one pairing with the shared token, not an outage.
      return new JsonObject();
    }
  }

  /** Tokens are kept per gateway origin: a token of one gateway is never offered to another. */
  static String tokenKey(String gatewayUrl) {
    try {
      URI uri = URI.create(gatewayUrl.trim());
      int port = uri.getPort() >= 0 ? uri.getPort() : "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      return uri.getScheme().toLowerCase() + "://" + String.valueOf(uri.getHost()).toLowerCase() + ":" + port;
    } catch (IllegalArgumentException | NullPointerException e) {
      return gatewayUrl.trim();
    }
  }

  private void writePrivate(Path target, JsonObject json) {
    try {
      createPrivateDir();
      PrivateFiles.writeString(target, json.encodePrettily(), true);
    } catch (IOException e) {
      throw new BridgeException("cannot write " + target + ": " + IoErrors.reason(e)
          + " (set gateway.identityDir to a writable directory)", e);
    } catch (BridgeException e) {
      throw new BridgeException(e.getMessage() + " (set gateway.identityDir to a writable directory)", e);
    }
  }

  private void createPrivateDir() throws IOException {
    if (Files.isDirectory(dir)) {
      tightenIfLoose(dir);
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    } catch (FileAlreadyExistsException raced) {
      tightenIfLoose(dir);
    }
  }

  /** Someone may have copied the files with a wider mode: narrow it back (key material stays private). */
  private static void tightenIfLoose(Path path) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
    Set<PosixFilePermission> wanted = Files.isDirectory(path) ? DIR_MODE : FILE_MODE;
    if (!wanted.containsAll(perms)) {
      Files.setPosixFilePermissions(path, wanted);
    }
  }
}
