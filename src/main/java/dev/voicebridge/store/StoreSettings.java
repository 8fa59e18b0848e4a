package dev.voicebridge.store;

import dev.voicebridge.config.BridgeConfig;
import java.nio.file.Path;

/** The {@code store} section of the configuration, typed. */
public record StoreSettings(
    Path path,
    Path backupDir,
    int readPoolSize,
    int busyTimeoutMs,
    String synchronous,
    int maxSizeMb,
    int maxBatch) {

  public static StoreSettings from(BridgeConfig config) {
    return new StoreSettings(
        config.path("store.path"),
        config.path("store.backupDir"),
        config.integer("store.readPoolSize"),
        config.integer("store.busyTimeoutMs"),
        config.string("store.synchronous"),
        config.integer("store.maxSizeMb"),
        config.integer("store.maxBatch"));
  }

  public StoreSettings withPath(Path newPath) {
    return new StoreSettings(newPath, backupDir, readPoolSize, busyTimeoutMs, synchronous, maxSizeMb, maxBatch);
  }
}
