package dev.voicebridge.models;

import dev.voicebridge.base.BridgeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Gets a model archive onto the disk through the registry's own client: {@code npm pack} for npm
 * packages; for Maven artifacts the archive the build already resolved ({@code --archives}), the local
 * Maven repository, or {@code mvn dependency:copy}. No URL is built here, so npm and Maven settings
 * (mirrors, proxies, certificates) apply as for any other package.
 */
final class ArchiveFetcher {

  private static final long TIMEOUT_MINUTES = 10;

  private final Path archivesDir;
  private final Path work;

  /** @param archivesDir where the build put resolved archives (may be null); @param work a scratch directory */
  ArchiveFetcher(Path archivesDir, Path work) {
    this.archivesDir = archivesDir;
    this.work = work;
  }

  Path fetch(ArchiveSource source) throws IOException {
    if (source instanceof ArchiveSource.Npm npm) {
      return npmPack(npm);
    }
    return maven((ArchiveSource.Maven) source);
  }

  private Path npmPack(ArchiveSource.Npm npm) throws IOException {
    Path target = work.resolve(npm.tarballName());
    if (Files.isRegularFile(target)) {
      return target;
    }
    run(List.of("npm", "pack", "--silent", "--pack-destination", work.toString(), npm.name() + "@" + npm.version()),
        "npm is needed to fetch " + npm.coordinate() + " (Debian: apt-get install npm)");
    if (!Files.isRegularFile(target)) {
      throw new BridgeException("npm pack did not write " + target.getFileName() + " for " + npm.coordinate());
    }
    return target;
  }

  private Path maven(ArchiveSource.Maven m) throws IOException {
    List<Path> candidates = new ArrayList<>();
    if (archivesDir != null) {
      candidates.add(archivesDir.resolve(m.fileName()));
    }
    localRepository().ifPresent(repo -> candidates.add(repo.resolve(m.groupId().replace('.', '/'))
        .resolve(m.artifactId()).resolve(m.version()).resolve(m.fileName())));
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        return c;
      }
    }
    run(List.of("mvn", "-B", "-q", "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy",
            "-Dartifact=" + m.groupId() + ":" + m.artifactId() + ":" + m.version() + ":" + m.type(),
            "-DoutputDirectory=" + work),
        "Maven (mvn) is needed to fetch " + m.coordinate() + "; or build with `mvn package`, which fetches it");
    Path fetched = work.resolve(m.fileName());
    if (!Files.isRegularFile(fetched)) {
      throw new BridgeException("mvn dependency:copy did not write " + fetched);
    }
    return fetched;
  }

  private static Optional<Path> localRepository() {
    String configured = System.getProperty("maven.repo.local");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    return Optional.of(Path.of(System.getProperty("user.home"), ".m2", "repository"));
  }

  private void run(List<String> command, String missingTool) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new BridgeException(missingTool);
    }
    try {
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new BridgeException(String.join(" ", command) + " did not finish within " + TIMEOUT_MINUTES + " minutes");
      }
      if (p.exitValue() != 0) {
        String text = new String(output, StandardCharsets.UTF_8).strip();
        throw new BridgeException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")"
            + (text.isEmpty() ? "" : ": " + lastLines(text, 5)));
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BridgeException("interrupted while running " + command.get(0));
    }
  }

  private static String lastLines(String text, int n) {
    String[] lines = text.split("\n");
    return String.join(" | ", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
  }
}
