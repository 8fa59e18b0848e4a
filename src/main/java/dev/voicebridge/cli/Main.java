package dev.voicebridge.cli;

import dev.voicebridge.base.BridgeException;
import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar voice-bridge.jar [command]}: without a command it runs the bridge. Exit status 0 on
 * success, 2 for a usage error, 1 for a runtime error (one line on stderr, no stack trace unless
 * {@code --verbose}).
 */
@Command(name = "voice-bridge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Voice bridge for OpenClaw: wake word, speech-to-text, the OpenClaw Gateway, speech out, "
        + "and a SQLite conversation store.",
    subcommands = {RunCommand.class, ChatCommand.class, SessionsCommand.class, HistoryCommand.class, DbCommand.class,
        ConfigCommand.class, BusCommand.class, ClusterCommand.class,
        TranscribeCommand.class, WakeCommand.class, VadCommand.class, ListenCommand.class, ModelsCommand.class,
        SpeakableCommand.class, SayCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

  @Mixin
  GlobalOptions global;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit status. */
  public static int execute(String... args) {
    return execute(null, null, args);
  }

  /** As {@link #execute(String...)}, with the command's output and error streams given (for tests). */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    for (CommandExtension extension : ServiceLoader.load(CommandExtension.class)) {
      cli.addSubcommand(extension.command());
    }
    if (!cli.getSubcommands().containsKey("bench")) {
      cli.addSubcommand(new BenchElsewhereCommand());
    }
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    cli.setExecutionStrategy(parsed -> {
      configureLogging(parsed);
      return new CommandLine.RunLast().execute(parsed);
    });
    cli.setExecutionExceptionHandler(Main::handleFailure);
    int code = cli.execute(args);
    // A PrintWriter (and System.out) swallows write errors: an export redirected onto a full disk would be
    // lost with exit status 0.
    if (cli.getOut().checkError() || (out == null && System.out.checkError())) {
      cli.getErr().println("voice-bridge: could not write the output (the disk is full, or standard output was "
          + "closed): it is incomplete");
      cli.getErr().flush();
      return code == 0 ? 1 : code;
    }
    return code;
  }

  @Override
  public Integer call() throws Exception {
    RunCommand run = new RunCommand();
    run.global = global;
    return run.call();
  }

  private static int handleFailure(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    boolean verbose = parsed.expandedArgs().contains("-v") || parsed.expandedArgs().contains("--verbose");
    if (ex instanceof BridgeException) {
      err.println("voice-bridge: " + ex.getMessage());
      if (verbose && ex.getCause() != null) {
        ex.printStackTrace(err);
      }
    } else {
      err.println("voice-bridge: unexpected error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) {
        ex.printStackTrace(err);
      }
    }
    err.flush();
    return 1;
  }

  /**
   * The bridge itself logs at INFO; one-shot commands and the chat log only warnings so their output stays
   * clean.
   * {@code --verbose} means DEBUG; {@code VOICE_BRIDGE_LOG_LEVEL} wins over both.
   */
  private static void configureLogging(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    String name = leaf.commandSpec().name();
    // chat keeps the terminal for the conversation: only warnings and errors are logged there
    boolean longRunning = name.equals("voice-bridge") || name.equals("run") || name.equals("listen");
    boolean verbose = parsed.expandedArgs().contains("-v") || parsed.expandedArgs().contains("--verbose");
    Level level = verbose ? Level.DEBUG : longRunning ? Level.INFO : Level.WARN;
    String fromEnv = System.getenv("VOICE_BRIDGE_LOG_LEVEL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      level = Level.toLevel(fromEnv, level);
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.voicebridge")).setLevel(level);
    if (!verbose) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
          .setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
    }
  }

  /** The version from the jar manifest (or "dev" when run from classes). */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"voice-bridge " + (v == null ? "dev" : v)};
    }
  }
}
