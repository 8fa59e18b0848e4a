package dev.voicebridge.testkit;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The command that starts a class of the test class path in a JVM of its own. The class path goes through a
 * "pathing jar" (one jar whose manifest lists the test class path), so the child's {@code java.class.path}
 * stays short: onnxruntime 1.29's native start-up crashes the JVM with a segmentation fault, without a word,
 * when {@code java.class.path} is longer than about 4 KB (measured: 4409 characters crash, the same jars
 * under short names do not) — which the test class path became once it held the browser test's libraries.
 * The fat jar a user runs has a class path of one entry.
 */
public final class ChildJvm {

  private static Path pathingJar;

  private ChildJvm() {
  }

  /** {@code java -cp <pathing jar> mainClass}; add the arguments after it. */
  public static List<String> command(String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(pathingJar().toString());
    cmd.add(mainClass);
    return cmd;
  }

  private static synchronized Path pathingJar() {
    if (pathingJar != null) {
      return pathingJar;
    }
    StringBuilder classPath = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        // URLs: a directory needs its trailing slash, and spaces their escape
        classPath.append(classPath.length() == 0 ? "" : " ").append(Path.of(entry).toAbsolutePath().toUri());
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString());
    try {
      Path jar = Files.createTempFile("voice-bridge-test-classpath-", ".jar");
      jar.toFile().deleteOnExit();
      try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
        j.flush();
      }
      pathingJar = jar;
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
