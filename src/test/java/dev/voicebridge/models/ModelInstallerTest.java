package dev.voicebridge.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.base.BridgeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installer on archives made here (no network): a package is unpacked with every file's sha256 checked,
 * a second run is a no-op, a damaged file is found by the deep check, and an archive or file whose hash is
 * not the pinned one is refused. Tarballs as npm writes them (ustar, pax headers for long names) are read.
 */
class ModelInstallerTest {

  @TempDir
  Path dir;

  private static String sha(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path file = dir.resolve("archives").resolve(name);
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  private ModelPackage pkg(String archiveSha, byte[] a, byte[] b) throws Exception {
    return new ModelPackage("test-model", "test-model-1", "a test model",
        new ArchiveSource.Maven("org.example", "test-model", "1.0", "aar", archiveSha), "assets/model/",
        List.of(new ModelFile("a.bin", a.length, sha(a)), new ModelFile("conf/b.txt", b.length, sha(b))), "test");
  }

  @Test
  void installsVerifiesAndIsANoOpTheSecondTime() throws Exception {
    byte[] a = "model weights".repeat(1000).getBytes(StandardCharsets.UTF_8);
    byte[] b = "--beam=10".getBytes(StandardCharsets.UTF_8);
    Path archive = zip("test-model-1.0.aar", Map.of("assets/model/a.bin", a, "assets/model/conf/b.txt", b,
        "assets/other/ignored.txt", new byte[] {1}));
    ModelPackage p = pkg(Sha256.of(archive), a, b);
    ModelsDirectory models = new ModelsDirectory(dir.resolve("models"));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    ModelInstaller installer = new ModelInstaller(models, archive.getParent(), new PrintStream(progress, true));

    assertEquals(Map.of("test-model", ModelInstaller.Outcome.INSTALLED), installer.install(List.of(p)));
    assertTrue(progress.toString().contains("sha256 verified"), progress.toString());
    assertEquals(ModelsDirectory.State.INSTALLED, models.check(p, true).state());
    assertEquals("--beam=10", Files.readString(models.dir(p).resolve("conf/b.txt")));
    assertTrue(Files.notExists(models.dir(p).resolve("../other")), "only the package's files");

    progress.reset();
    assertEquals(Map.of("test-model", ModelInstaller.Outcome.PRESENT), installer.install(List.of(p)));
    assertEquals("", progress.toString(), "a no-op prints nothing");

    byte[] damaged = a.clone();
    damaged[5] ^= 1;
    Files.write(models.dir(p).resolve("a.bin"), damaged);
    assertEquals(ModelsDirectory.State.INSTALLED, models.check(p, false).state(), "same size: the quick check passes");
    ModelsDirectory.Check deep = models.check(p, true);
    assertEquals(ModelsDirectory.State.INCOMPLETE, deep.state());
    assertTrue(deep.problems().get(0).contains("a.bin: sha256 differs"), deep.problems().toString());
  }

  @Test
  void refusesAnArchiveOrAFileWhoseHashIsNotPinned() throws Exception {
    byte[] a = "weights".getBytes(StandardCharsets.UTF_8);
    byte[] b = "conf".getBytes(StandardCharsets.UTF_8);
    Path archive = zip("test-model-1.0.aar", Map.of("assets/model/a.bin", a, "assets/model/conf/b.txt", b));
    ModelsDirectory models = new ModelsDirectory(dir.resolve("models"));
    ModelInstaller installer = new ModelInstaller(models, archive.getParent(), new PrintStream(OutputStream.nullOutputStream()));

    BridgeException wrongArchive = assertThrows(BridgeException.class,
        () -> installer.install(List.of(pkg("0".repeat(64), a, b))));
    assertTrue(wrongArchive.getMessage().contains("not the pinned"), wrongArchive.getMessage());

    ModelPackage wrongFile = new ModelPackage("test-model", "test-model-1", "x",
        new ArchiveSource.Maven("org.example", "test-model", "1.0", "aar", Sha256.of(archive)), "assets/model/",
        List.of(new ModelFile("a.bin", a.length, "f".repeat(64))), "test");
    BridgeException e = assertThrows(BridgeException.class, () -> installer.install(List.of(wrongFile)));
    assertTrue(e.getMessage().contains("assets/model/a.bin") && e.getMessage().contains("not the pinned"), e.getMessage());
    assertTrue(Files.notExists(models.dir(wrongFile)), "nothing half-installed");
  }

  @Test
  void readsTarballsWithLongNames() throws Exception {
    Path src = dir.resolve("src/package/models/" + "a-very-long-directory-name-".repeat(5));
    Files.createDirectories(src);
    Files.writeString(src.resolve("model.onnx"), "onnx bytes");
    Files.writeString(dir.resolve("src/package/README.md"), "readme");
    Path tgz = dir.resolve("pkg.tgz");
    Process tar = new ProcessBuilder("tar", "--format=pax", "-czf", tgz.toString(), "-C", dir.resolve("src").toString(),
        "package").redirectErrorStream(true).start();
    tar.getInputStream().readAllBytes();
    assertTrue(tar.waitFor(30, TimeUnit.SECONDS) && tar.exitValue() == 0);
    Map<String, String> seen = new java.util.TreeMap<>();
    ArchiveEntries.forEach(tgz, (name, size, data) ->
        seen.put(name, new String(data.readAllBytes(), StandardCharsets.UTF_8)));
    String longName = "package/models/" + "a-very-long-directory-name-".repeat(5) + "/model.onnx";
    assertEquals(Map.of("package/README.md", "readme", longName, "onnx bytes"), seen);
  }

  @Test
  void theBuildInstalledEveryPinnedModelIntact() throws IOException {
    ModelsDirectory models = ModelsDirectory.standard();
    for (ModelPackage p : ModelCatalogue.all()) {
      ModelsDirectory.Check c = models.check(p, true);
      assertEquals(ModelsDirectory.State.INSTALLED, c.state(), p.id() + ": " + c.problems());
    }
  }
}
