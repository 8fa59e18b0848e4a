package dev.voicebridge.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voicebridge.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The systemd user unit in {@code packaging/voice-bridge.service} (installed as docs/install.md says):
 * {@code systemd-analyze verify --user} finds nothing to report, and the unit runs the bridge's {@code run}
 * command the way the command line understands it, as a user service that counts the JVM's exit status
 * 143 after SIGTERM as a clean stop.
 *
 * <p>{@code systemd-analyze verify} needs no running systemd: it loads the unit into a manager of its own.
 * For {@code --user} it only needs a runtime directory ({@code $XDG_RUNTIME_DIR}, else it stops with "Failed
 * to lookup RuntimeDirectory path"), so it gets a temporary one, and temporary configuration and data homes
 * so that a unit the user has installed does not take part. It exits 0 even when it only warns (an unknown
 * key, a value it cannot parse, both of which it then ignores), so any output counts as a problem.
 */
class ServiceUnitTest {

  private static final Path UNIT = Path.of("packaging", "voice-bridge.service");
  /** The JVM the unit starts: Debian's {@code default-java} / {@code openjdk-17-jre-headless} link. */
  private static final String UNIT_JAVA = "/usr/bin/java";

  @TempDir
  Path tmp;

  @Test
  void systemdAnalyzeVerifyReportsNothing() throws Exception {
    Optional<Path> analyze = systemdAnalyze();
    assumeTrue(analyze.isPresent(), "systemd-analyze is not installed (Debian: apt-get install systemd); "
        + "the unit file was not verified");

    Path unit = UNIT.toAbsolutePath();
    String note = "";
    if (!Files.isExecutable(Path.of(UNIT_JAVA))) {
      // verify checks that ExecStart's program exists; this machine's JVM is elsewhere, so check a copy that
      // names it (same file name: the unit's name comes from it)
      String javaHere = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Path copy = Files.createDirectories(tmp.resolve("unit")).resolve(UNIT.getFileName());
      String text = Files.readString(UNIT);
      Files.writeString(copy, text.replace("ExecStart=" + UNIT_JAVA + " ", "ExecStart=" + javaHere + " "));
      unit = copy;
      note = " (a copy with ExecStart's " + UNIT_JAVA + " replaced by " + javaHere + ", which this machine has)";
    }

    Path runtime = Files.createDirectories(tmp.resolve("runtime"));
    Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwx------"));
    List<String> command = List.of(analyze.get().toString(), "verify", "--user", "--man=no", unit.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    env.put("XDG_CONFIG_HOME", Files.createDirectories(tmp.resolve("config")).toString());
    env.put("XDG_DATA_HOME", Files.createDirectories(tmp.resolve("data")).toString());
    env.put("SYSTEMD_COLORS", "0");
    env.remove("SYSTEMD_UNIT_PATH");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    String run = String.join(" ", command) + note;
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), run + " did not exit:\n" + out);
    assertEquals(0, p.exitValue(), run + " failed:\n" + out);
    assertEquals("", out,
        run + " reported problems (its exit status is 0 even so: systemd ignores such a line and goes on):\n" + out);
  }

  @Test
  void execStartRunsTheBridgeWithItsConfigFile() throws IOException {
    List<String> exec = words(value("Service", "ExecStart"));
    assertEquals(UNIT_JAVA, exec.get(0), "ExecStart's program: " + exec);
    int jar = exec.indexOf("-jar");
    assertTrue(jar > 0 && jar + 1 < exec.size(), "ExecStart starts a jar with -jar: " + exec);
    assertEquals("%h/.local/share/voice-bridge/voice-bridge.jar", exec.get(jar + 1),
        "the jar where docs/install.md puts it");
    List<String> args = exec.subList(jar + 2, exec.size());
    assertEquals("run", args.get(args.size() - 1), "ExecStart names the run command last: " + exec);

    // the arguments as the bridge's own command line parses them (%h stands for the home directory)
    String[] parsed = args.stream().map(a -> a.replace("%h", "/home/pi")).toArray(String[]::new);
    CommandLine.ParseResult result = new CommandLine(new Main()).parseArgs(parsed);
    assertTrue(result.subcommand() != null && result.subcommand().commandSpec().name().equals("run"),
        "the command line takes " + Arrays.toString(parsed) + " for the run command");
    Object config = result.matchedOptionValue("--config", null);
    assertEquals("/home/pi/.config/voice-bridge/bridge.json", String.valueOf(config),
        "--config names the file docs/install.md writes: " + Arrays.toString(parsed));
  }

  @Test
  void isAUserServiceThatTakesSigtermAsACleanStop() throws IOException {
    assertEquals(List.of("default.target"), words(value("Install", "WantedBy")),
        "a user unit starts with the user's manager: WantedBy=default.target (multi-user.target is the system's)");
    assertEquals(Optional.empty(), find("Service", "User"), "a user unit runs as its user; User= is for system units");
    assertTrue(words(value("Service", "SuccessExitStatus")).contains("143"),
        "the JVM exits 143 after SIGTERM, a clean stop (README, Command line): SuccessExitStatus=143");
    assertEquals("on-failure", value("Service", "Restart"), "Restart=");
  }

  /** The unit's settings: section -> key -> the values in order (a key may be given more than once). */
  private static Map<String, Map<String, List<String>>> parse() throws IOException {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    String section = "";
    StringBuilder pending = new StringBuilder();
    for (String raw : Files.readAllLines(UNIT)) {
      String line = pending + raw.strip();
      pending.setLength(0);
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        section = line.substring(1, line.length() - 1);
        sections.putIfAbsent(section, new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      assertTrue(eq > 0, "a unit line is key=value: " + line);
      sections.computeIfAbsent(section, s -> new LinkedHashMap<>())
          .computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
    }
    return sections;
  }

  private static Optional<String> find(String section, String key) throws IOException {
    List<String> values = parse().getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  /** The last value of a key (the one systemd uses for single-valued settings). */
  private static String value(String section, String key) throws IOException {
    return find(section, key).orElseThrow(() -> new AssertionError(UNIT + " has no " + key + "= in [" + section + "]"));
  }

  private static List<String> words(String value) {
    return Arrays.stream(value.split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  /** systemd-analyze on PATH, or where Debian installs it. */
  private static Optional<Path> systemdAnalyze() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Arrays.stream(path.split(":")).filter(d -> !d.isEmpty()), Stream.of("/usr/bin", "/bin"))
        .map(d -> Path.of(d, "systemd-analyze"))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
