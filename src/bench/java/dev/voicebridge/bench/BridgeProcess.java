package dev.voicebridge.bench;

import dev.voicebridge.models.ModelsDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The fat jar running as a user runs it ({@code java -jar target/voice-bridge.jar run …}) in a home of its
 * own, its log collected line by line on a thread of its own, so a test waits for what it expects with a
 * deadline (a blocking read of the log would hang the test when the line never comes) and stops it with
 * SIGTERM, as Ctrl-C would, or SIGKILL, as a crash or a pulled plug would. The models are the ones installed
 * for this user. Used by the fat-jar tests and by {@code bench faults}.
 */
public final class BridgeProcess implements AutoCloseable {

  public static final Path JAR = Path.of("target", "voice-bridge.jar").toAbsolutePath();

  /** One line of the bridge's output and when the harness read it ({@link System#nanoTime()}). */
  public record Line(long nanos, String text) {
  }

  private final Process process;
  private final Thread reader;
  private final List<Line> log = new CopyOnWriteArrayList<>();

  private BridgeProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "bridge-process-log");
    reader.start();
  }

  /** Starts {@code java -jar voice-bridge.jar ARGS} with {@code home} as its home and these environment variables. */
  public static BridgeProcess start(Path home, Map<String, String> environment, String... args) throws IOException {
    return start(JAR, home, environment, args);
  }

  /** As {@link #start(Path, Map, String...)}, with the product jar at {@code jar}. */
  public static BridgeProcess start(Path jar, Path home, Map<String, String> environment, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.home=" + home, "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VOICE_BRIDGE_"));
    pb.environment().put("VOICE_BRIDGE_MODELS", ModelsDirectory.standard().root().toString());
    pb.environment().putAll(environment);
    return new BridgeProcess(pb.start());
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        log.add(new Line(System.nanoTime(), line));
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** The bridge's standard input (audio.input.source stdin reads raw PCM from it). */
  public java.io.OutputStream stdin() {
    return process.getOutputStream();
  }

  /** The log so far. */
  public List<String> log() {
    return log.stream().map(Line::text).toList();
  }

  /** The log so far, each line with the time it was read. */
  public List<Line> lines() {
    return List.copyOf(log);
  }

  public String text() {
    return String.join("\n", log());
  }

  public boolean said(String text) {
    return log.stream().anyMatch(l -> l.text().contains(text));
  }

  /** How many lines so far contain {@code text}. */
  public long count(String text) {
    return log.stream().filter(l -> l.text().contains(text)).count();
  }

  /** Waits until {@code condition} holds; fails with the bridge's log after {@code seconds}. */
  public void await(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out; the bridge said:\n" + text());
      }
      Thread.sleep(50);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed that was not already written. */
  /** The process id (for its CPU time and its sockets). */
  public long pid() {
    return process.pid();
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
  }

  /** SIGTERM (kill(1): Process.destroy() would also close the log being read), then waits for it to stop. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (!process.isAlive()) {
      reader.join(10_000);
      return;
    }
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the bridge did not stop on SIGTERM within 60 s");
    }
    reader.join(10_000);
  }
}
