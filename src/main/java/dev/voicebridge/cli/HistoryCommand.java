package dev.voicebridge.cli;

import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.StoreMessages.SearchHit;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.bus.StoreMessages.TurnView;
import io.vertx.core.json.JsonArray;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code history show|search|export|stats}. */
@Command(name = "history", mixinStandardHelpOptions = true,
    description = "Read, search and export the conversation history.",
    subcommands = {HistoryCommand.Show.class, HistoryCommand.Search.class, HistoryCommand.Export.class,
        HistoryCommand.Stats.class})
public final class HistoryCommand {

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Every turn of a session, in order.")
  static final class Show extends CommandBase {
    @Parameters(paramLabel = "UUID", description = "Session UUID (a unique prefix of 4+ characters is enough)")
    String uuid;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() {
      try (CliRuntime rt = runtime()) {
        String full = rt.await(rt.store().session(uuid)).sessionUuid();
        List<TurnView> turns = rt.await(rt.history().turns(full));
        PrintWriter out = out();
        if (json) {
          JsonArray array = new JsonArray();
          turns.forEach(t -> array.add(BusJson.encode(t)));
          out.println(array.encodePrettily());
        } else if (turns.isEmpty()) {
          out.println("session " + full + " has no turns");
        } else {
          for (TurnView t : turns) {
            out.println("#" + t.turnIndex() + "  " + t.timestamp() + "  " + t.role().wire()
                + (t.messageType() == null ? "" : " (" + t.messageType().wire() + ")"));
            out.println(t.content().indent(4).stripTrailing());
            out.println();
          }
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "search", mixinStandardHelpOptions = true,
      description = "Full-text search over every session; all words must occur (word prefixes match).")
  static final class Search extends CommandBase {
    @Parameters(paramLabel = "TEXT", arity = "1..*", description = "Words to find")
    List<String> words;

    @Option(names = "--since", paramLabel = "ISO", description = "Only turns at or after this time (e.g. 2026-11-01)")
    String since;

    @Option(names = "--until", paramLabel = "ISO", description = "Only turns at or before this time")
    String until;

    @Option(names = "--limit", description = "At most this many hits (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int limit;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() {
      if (words.stream().allMatch(String::isBlank)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "give at least one word to search for");
      }
      if (limit < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
      }
      try (CliRuntime rt = runtime()) {
        List<SearchHit> hits = rt.await(rt.history().search(String.join(" ", words), since, until, limit));
        PrintWriter out = out();
        if (json) {
          JsonArray array = new JsonArray();
          hits.forEach(h -> array.add(BusJson.encode(h)));
          out.println(array.encodePrettily());
        } else if (hits.isEmpty()) {
          out.println("no turn matches \"" + String.join(" ", words) + "\"");
        } else {
          out.print(Output.table(List.of("SESSION", "#", "TIME", "ROLE", "MATCH"), hits.stream()
              .map(h -> List.of(h.turn().sessionUuid(), String.valueOf(h.turn().turnIndex()), h.turn().timestamp(),
                  h.turn().role().wire(), Output.oneLine(h.snippet(), 90))).toList()));
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Export one session (JSON or CSV) or every session (JSON).")
  static final class Export extends CommandBase {

    static final class Which {
      @Parameters(paramLabel = "UUID", description = "The session to export")
      String uuid;

      @Option(names = "--all", required = true, description = "Export every session (JSON only)")
      boolean all;
    }

    enum Format { json, csv }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    @Option(names = "--format", required = true, description = "${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (mode 0600; missing directories 0700) "
        + "instead of stdout; an existing file only with --force")
    Path outFile;

    @Option(names = "--force", description = "Replace the --out file if it exists (a regular file only)")
    boolean force;

    @Override
    public Integer call() {
      if (which.all && format == Format.csv) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--all exports JSON only: use --format json (CSV holds the turns of one session)");
      }
      try (CliRuntime rt = runtime()) {
        String text;
        if (which.all) {
          text = rt.await(rt.history().exportAllJson(rt.time())).encodePrettily() + "\n";
        } else if (format == Format.json) {
          text = rt.await(rt.history().exportJson(which.uuid)).encodePrettily() + "\n";
        } else {
          text = rt.await(rt.history().exportCsv(which.uuid));
        }
        if (outFile == null) {
          out().print(text);
          out().flush();
        } else {
          Path written = Output.writePrivateFile(outFile, text, force);
          spec.commandLine().getErr().println("wrote " + written);
        }
        return 0;
      }
    }
  }

  @Command(name = "stats", mixinStandardHelpOptions = true, description = "Conversation statistics.")
  static final class Stats extends StatsCommandBase {
    @Override
    protected void render(StoreStats s, PrintWriter out) {
      out.println("sessions          " + s.sessions() + " (" + s.activeSessions() + " active, "
          + s.closedSessions() + " closed, " + s.errorSessions() + " error)");
      out.println("turns             " + s.turns() + " " + s.turnsByRole().encode());
      out.println("turns by type     " + s.turnsByType().encode());
      out.println("turns per session " + s.averageTurnsPerSession());
      out.println("tool executions   " + s.toolExecutions() + " " + s.toolsByStatus().encode());
      out.println("first activity    " + (s.oldestActivity() == null ? "-" : s.oldestActivity()));
      out.println("last activity     " + (s.newestActivity() == null ? "-" : s.newestActivity()));
    }
  }
}
