package dev.voicebridge.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it ({@code java -jar target/voice-bridge.jar}), in a fresh directory with a
 * fresh database: the natives of sqlite-jdbc load from inside the jar, commands work, and {@code run} starts,
 * says "ready" and shuts down cleanly on SIGTERM.
 */
class FatJarIT {

  static final Path JAR = Path.of("target", "voice-bridge.jar").toAbsolutePath();

  @TempDir
  Path home;

  record Result(int code, String out) {
  }

  private ProcessBuilder java(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VOICE_BRIDGE_"));
    return pb;
  }

  private Result run(String... args) throws Exception {
    Process p = java(args).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out);
  }

  @Test
  void commandsWorkOnAFreshDatabase() throws Exception {
    Result migrate = run("db", "migrate");
    assertEquals(0, migrate.code(), migrate.out());
    assertTrue(migrate.out().contains("migrated from v0 to v4"), migrate.out());
    Path db = home.resolve(".voice-bridge").resolve("data").resolve("sessions.db");
    assertTrue(Files.exists(db), "the default database lives under ~/.voice-bridge/data");
    Result list = run("sessions", "list");
    assertEquals(0, list.code(), list.out());
    assertTrue(list.out().contains("no sessions"), list.out());
    Result version = run("--version");
    assertEquals(0, version.code());
    assertTrue(version.out().startsWith("voice-bridge "), version.out());
    Result unknown = run("history", "show", "abcd1234");
    assertEquals(1, unknown.code());
    assertFalse(unknown.out().contains("\tat "), unknown.out());
  }

  @Test
  void theProductJarCarriesNoTestDoublesAndPointsToTheBenchJar() throws Exception {
    Path bench = JAR.resolveSibling("voice-bridge-bench.jar");
    List<String> product = entries(JAR);
    assertTrue(product.contains("dev/voicebridge/cli/Main.class"), "the product jar was read");
    assertEquals(List.of(), product.stream().filter(e -> e.startsWith("dev/voicebridge/bench/")).toList(),
        "benchmarks and their test doubles (mock model, gateway launcher, synthetic Whisper) in the product jar");
    assertTrue(entries(bench).containsAll(List.of("dev/voicebridge/bench/MockModel.class",
        "dev/voicebridge/bench/cli/BenchCommand.class")), "the bench jar has them");
    Result elsewhere = run("bench", "store", "--turns", "10");
    assertEquals(1, elsewhere.code(), elsewhere.out());
    assertTrue(elsewhere.out().contains("java -jar target/voice-bridge-bench.jar bench store --turns 10"),
        elsewhere.out());
  }

  private static List<String> entries(Path jar) throws java.io.IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
      return zip.stream().map(java.util.zip.ZipEntry::getName).toList();
    }
  }

  @Test
  void runStartsAndStopsCleanlyOnSigterm() throws Exception {
    Process p = java("--db", home.resolve("run.db").toString()).start();
    List<String> lines = new ArrayList<>();
    boolean ready = false;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.contains("RunCommand - ready")) {
          ready = true;
          // SIGTERM by kill(1): Process.destroy() would also close the stream we are reading
          new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        }
      }
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String log = String.join("\n", lines);
    assertTrue(ready, log);
    assertTrue(log.contains("stopped"), "clean shutdown: " + log);
    assertFalse(log.contains("has been blocked"), "no blocked-thread warnings: " + log);
    assertFalse(log.contains("Exception"), log);
  }
}
