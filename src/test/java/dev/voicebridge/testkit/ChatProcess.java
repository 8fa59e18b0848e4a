package dev.voicebridge.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code voice-bridge chat} in a JVM of its own (the test classpath), so a test can pipe lines to it,
 * read what it prints, and kill it the way a crash would.
 */
public final class ChatProcess implements AutoCloseable {

  private final Process process;
  private final Writer stdin;
  private final StringBuilder stdout = new StringBuilder();
  private final StringBuilder stderr = new StringBuilder();

  private ChatProcess(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    pump(process.getInputStream(), stdout);
    pump(process.getErrorStream(), stderr);
  }

  /** Starts {@code voice-bridge <args>} in {@code workDir}, with {@code env} added to a clean environment. */
  public static ChatProcess start(Path workDir, List<String> args, Map<String, String> env) throws IOException {
    List<String> cmd = new ArrayList<>(ChildJvm.command("dev.voicebridge.cli.Main"));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("VOICE_BRIDGE_"));
    pb.environment().putAll(env);
    return new ChatProcess(pb.start());
  }

  private static void pump(InputStream in, StringBuilder into) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[4096];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          synchronized (into) {
            into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            into.notifyAll();
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "chat-process-pump");
    t.setDaemon(true);
    t.start();
  }

  public void send(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  public void closeInput() throws IOException {
    stdin.close();
  }

  /** Waits until stdout contains {@code text}. */
  public void awaitOutput(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stdout) {
      while (!stdout.toString().contains(text)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("chat did not print \"" + text + "\" within " + timeout.toSeconds() + " s; stdout: "
              + stdout + "\nstderr: " + stderr());
        }
        try {
          stdout.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted");
        }
      }
    }
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("chat did not exit within " + timeout.toSeconds() + " s; stdout: " + stdout()
          + "\nstderr: " + stderr());
    }
    return process.exitValue();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public String stdout() {
    synchronized (stdout) {
      return stdout.toString();
    }
  }

  public String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
