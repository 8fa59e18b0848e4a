package dev.voicebridge.cli;

import dev.voicebridge.bus.StoreMessages.BackupRequest;
import dev.voicebridge.bus.StoreMessages.BackupResult;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.CleanupResult;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.store.Migrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code db backup|cleanup|stats|migrate}. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database maintenance.",
    subcommands = {DbCommand.Backup.class, DbCommand.Cleanup.class, DbCommand.Stats.class, DbCommand.Migrate.class})
public final class DbCommand {

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = "A consistent copy of the database, safe while the bridge is running (mode 0600).")
  static final class Backup extends CommandBase {
    @Option(names = "--out", paramLabel = "FILE",
        description = "Backup file (must not exist; default: store.backupDir/sessions-DATE-TIME.db)")
    Path outFile;

    @Override
    public Integer call() {
      try (CliRuntime rt = runtime()) {
        BackupResult r = rt.await(rt.store().backup(new BackupRequest(outFile == null ? null : outFile.toString())));
        out().println("backup written: " + r.path() + " (" + r.bytes() + " bytes)");
        out().flush();
        return 0;
      }
    }
  }

  @Command(name = "cleanup", mixinStandardHelpOptions = true,
      description = {"Close stale sessions, then delete old closed sessions with their turns and tool executions.",
          "Active sessions are never deleted."})
  static final class Cleanup extends CommandBase {
    @Option(names = "--older-than", paramLabel = "AGE", converter = Durations.class,
        description = "Delete closed sessions last active longer ago than this (e.g. 7d, 12h, 2w)")
    Duration olderThan;

    @Option(names = "--max-sessions", paramLabel = "N",
        description = "Keep at most N sessions, deleting the oldest closed ones (default: session.maxSessions)")
    Integer maxSessions;

    @Override
    public Integer call() {
      try (CliRuntime rt = runtime()) {
        int max = maxSessions != null ? maxSessions : rt.config().integer("session.maxSessions");
        if (max < 0) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max-sessions must be 0 or more");
        }
        CleanupResult r = rt.await(rt.store().cleanup(new CleanupRequest(
            rt.config().integer("session.timeoutMinutes"),
            olderThan == null ? null : olderThan.toMinutes(), max)));
        out().println("closed " + r.closedStale() + " stale session(s); deleted " + r.deletedSessions()
            + " session(s) with " + r.deletedTurns() + " turn(s)");
        out().flush();
        return 0;
      }
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Database file, schema and row counts.")
  static final class Stats extends StatsCommandBase {
    @Override
    protected void render(StoreStats s, PrintWriter out) {
      out.println("file            " + s.path());
      out.println("size            " + s.fileBytes() + " bytes (with -wal and -shm)");
      out.println("schema version  " + s.schemaVersion());
      out.println("sessions        " + s.sessions() + " (" + s.activeSessions() + " active)");
      out.println("turns           " + s.turns());
      out.println("tool executions " + s.toolExecutions());
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Bring the database schema up to date (the bridge also does this when it starts).")
  static final class Migrate extends CommandBase {
    @Override
    public Integer call() {
      try (CliRuntime rt = runtime()) {
        Migrator.Report report = rt.persistence().migration();
        if (report.applied().isEmpty()) {
          out().println("schema is up to date (v" + report.toVersion() + ")");
        } else {
          out().println("migrated from v" + report.fromVersion() + " to v" + report.toVersion() + ":");
          report.applied().forEach(a -> out().println("  " + a));
        }
        out().flush();
        return 0;
      }
    }
  }
}
