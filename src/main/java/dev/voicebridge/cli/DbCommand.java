package dev.voicebridge.cli;

import dev.voicebridge.bus.StoreMessages.BackupRequest;
import dev.voicebridge.bus.StoreMessages.BackupResult;
import dev.voicebridge.bus.StoreMessages.CheckResult;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.CleanupResult;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.store.Migrator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code db backup|check|cleanup|stats|migrate}. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database maintenance.",
    subcommands = {DbCommand.Backup.class, DbCommand.Check.class, DbCommand.Cleanup.class, DbCommand.Stats.class,
        DbCommand.Migrate.class})
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

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = {"Check the database file (SQLite's integrity and foreign-key checks), e.g. after a crash or a "
          + "full disk. Read-only; safe while the bridge is running.", "Exit status 0 when sound, 1 when not."})
  static final class Check extends CommandBase {
    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() {
      try (CliRuntime rt = runtime()) {
        CheckResult r = rt.await(rt.store().check());
        if (json) {
          out().println(dev.voicebridge.bus.BusJson.encode(r).encode());
        } else if (r.ok()) {
          out().println(r.path() + ": ok");
        } else {
          out().println(r.path() + ": DAMAGED (" + r.problems().size() + " problem(s)); restore a backup "
              + "(db backup makes them) or copy what can be read with: sqlite3 " + r.path() + " .recover");
          r.problems().forEach(p -> out().println("  " + p));
        }
        out().flush();
        return r.ok() ? 0 : 1;
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
