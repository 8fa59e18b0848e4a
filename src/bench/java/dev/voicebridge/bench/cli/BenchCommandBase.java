package dev.voicebridge.bench.cli;

import dev.voicebridge.cli.CommandBase;
import dev.voicebridge.base.FileTrees;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * A benchmark command: runs in a scratch directory (removed afterwards unless the command was given one)
 * and prints its figures as text of its own choosing, or as JSON with {@code --json}.
 *
 * @param <R> the benchmark's result
 */
abstract class BenchCommandBase<R> extends CommandBase {

  @Option(names = "--json", description = "Print the figures as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    checkOptions();
    Path given = givenDir();
    Path work = given != null ? given : Files.createTempDirectory("voice-bridge-bench-");
    try {
      R result = run(work, spec.commandLine().getErr());
      PrintWriter out = out();
      if (json) {
        out.println(toJson(result).encodePrettily());
      } else {
        render(result, out);
      }
      out.flush();
      return 0;
    } finally {
      if (given == null) {
        FileTrees.deleteTree(work);
      }
    }
  }

  /** Rejects option values the benchmark cannot run with (a picocli ParameterException: exit code 2). */
  protected void checkOptions() {
  }

  /** The directory the user chose for the benchmark's files, or null for a temporary one. */
  protected Path givenDir() {
    return null;
  }

  /** Runs the benchmark; {@code progress} is for what it is doing (stderr), not for the figures. */
  protected abstract R run(Path work, PrintWriter progress) throws Exception;

  protected abstract JsonObject toJson(R result);

  protected abstract void render(R result, PrintWriter out);

  protected final picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }
}
