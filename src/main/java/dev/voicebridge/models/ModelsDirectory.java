package dev.voicebridge.models;

import dev.voicebridge.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the models live: {@code $VOICE_BRIDGE_MODELS}, else {@code ~/.voice-bridge/models}. Outside the
 * work tree on purpose: the models survive {@code mvn clean}, are shared by every checkout and copy of the
 * jar on the machine, and never end up in git. Each package has its own sub-directory
 * ({@link ModelPackage#dir()}); config keys such as {@code vad.modelPath} can point elsewhere.
 */
public final class ModelsDirectory {

  public static final String ENV = "VOICE_BRIDGE_MODELS";
  public static final String DEFAULT = "~/.voice-bridge/models";

  /** What {@link #check} found for a package. */
  public enum State { INSTALLED, MISSING, INCOMPLETE }

  /** The result of checking a package: its state and, when not installed, what is wrong. */
  public record Check(ModelPackage pkg, Path dir, State state, List<String> problems) {
  }

  private final Path root;

  public ModelsDirectory(Path root) {
    this.root = root;
  }

  /** The directory from the environment, or the default. */
  public static ModelsDirectory standard() {
    return fromEnvironment(System.getenv());
  }

  static ModelsDirectory fromEnvironment(Map<String, String> env) {
    String configured = env.get(ENV);
    String raw = configured == null || configured.isBlank() ? DEFAULT : configured;
    return new ModelsDirectory(Path.of(ConfigLoader.expandHome(raw)).toAbsolutePath().normalize());
  }

  public Path root() {
    return root;
  }

  public Path dir(ModelPackage pkg) {
    return root.resolve(pkg.dir());
  }

  public Path file(String packageId, String fileName) {
    return dir(ModelCatalogue.get(packageId)).resolve(fileName);
  }

  /**
   * A quick check (presence and size of every file): what the bridge does at start and the build does to
   * stay a no-op. {@code deep} also recomputes every sha256 (what {@code models verify} does).
   */
  public Check check(ModelPackage pkg, boolean deep) throws IOException {
    Path dir = dir(pkg);
    if (!Files.isDirectory(dir)) {
      return new Check(pkg, dir, State.MISSING, List.of("directory " + dir + " does not exist"));
    }
    List<String> problems = new ArrayList<>();
    for (ModelFile f : pkg.files()) {
      Path p = dir.resolve(f.path());
      if (!Files.isRegularFile(p)) {
        problems.add(f.path() + ": missing");
      } else if (Files.size(p) != f.size()) {
        problems.add(f.path() + ": " + Files.size(p) + " bytes, expected " + f.size());
      } else if (deep && !Sha256.of(p).equals(f.sha256())) {
        problems.add(f.path() + ": sha256 differs from the pinned " + f.sha256());
      }
    }
    return new Check(pkg, dir, problems.isEmpty() ? State.INSTALLED : State.INCOMPLETE, problems);
  }
}
