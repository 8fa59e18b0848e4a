package dev.voicebridge.config;

/** Value types a configuration key can hold. */
public enum ConfigType {
  STRING,
  /** A string that names a file or directory; a leading {@code ~} expands to the user's home. */
  PATH,
  INT,
  DECIMAL,
  BOOLEAN
}
