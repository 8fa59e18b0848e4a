package dev.voicebridge.cli;

import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sessions list|show|close}. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List, inspect and close sessions.",
    subcommands = {SessionsCommand.ListSessions.class, SessionsCommand.Show.class, SessionsCommand.Close.class})
public final class SessionsCommand {

  /** Valid values of --state, for picocli's completion and help. */
  enum StateOption {
    active, closed, error;

    SessionState state() {
      return SessionState.of(name());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Sessions, most recently active first.")
  static final class ListSessions extends CommandBase {

    @Option(names = "--state", description = "Only sessions in this state: ${COMPLETION-CANDIDATES}")
    StateOption state;

    @Option(names = "--limit", description = "At most this many (default: all)")
    Integer limit;

    @Option(names = "--json", description = "Print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
      if (limit != null && limit < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit);
      }
      try (CliRuntime rt = runtime()) {
        List<SessionView> sessions = rt.await(rt.store().listSessions(
            new SessionQuery(state == null ? null : state.state(), null, limit))).sessions();
        PrintWriter out = out();
        if (json) {
          JsonArray array = new JsonArray();
          sessions.forEach(s -> array.add(BusJson.encode(s)));
          out.println(array.encodePrettily());
        } else if (sessions.isEmpty()) {
          out.println("no sessions" + (state == null ? "" : " in state " + state));
        } else {
          out.print(Output.table(List.of("UUID", "STATE", "KEY", "TURNS", "CREATED", "LAST ACTIVITY"),
              sessions.stream().map(s -> List.of(s.sessionUuid(), s.state().wire(),
                  s.sessionKey() == null ? "-" : s.sessionKey(), String.valueOf(s.turnCount()), s.createdAt(),
                  s.lastActivity())).toList()));
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "One session: its state, metadata, tool executions and most recent turns.")
  static final class Show extends CommandBase {

    @Parameters(paramLabel = "UUID", description = "Session UUID (a unique prefix of 4+ characters is enough)")
    String uuid;

    @Option(names = "--turns", description = "How many recent turns to show (default: ${DEFAULT-VALUE})",
        defaultValue = "10")
    int turns;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() {
      try (CliRuntime rt = runtime()) {
        SessionView s = rt.await(rt.store().session(uuid));
        List<ToolView> tools = rt.await(rt.store().tools(new ToolQuery(s.sessionUuid(), null))).tools();
        List<TurnView> recent = rt.await(rt.history().recent(s.sessionUuid(), turns));
        PrintWriter out = out();
        if (json) {
          JsonArray toolJson = new JsonArray();
          tools.forEach(t -> toolJson.add(BusJson.encode(t)));
          JsonArray turnJson = new JsonArray();
          recent.forEach(t -> turnJson.add(BusJson.encode(t)));
          out.println(new JsonObject().put("session", BusJson.encode(s)).put("toolExecutions", toolJson)
              .put("recentTurns", turnJson).encodePrettily());
        } else {
          out.println("session       " + s.sessionUuid());
          out.println("state         " + s.state().wire());
          out.println("key           " + (s.sessionKey() == null ? "-" : s.sessionKey()));
          out.println("created       " + s.createdAt());
          out.println("last activity " + s.lastActivity());
          out.println("turns         " + s.turnCount());
          out.println("metadata      " + (s.metadata() == null ? "{}" : s.metadata().encode()));
          int window = s.contextWindow() == null ? 0
              : s.contextWindow().getJsonArray("messages", new JsonArray()).size();
          out.println("context       " + window + " messages");
          if (!tools.isEmpty()) {
            out.println();
            out.print(Output.table(List.of("TOOL", "NAME", "STATUS", "STARTED", "ERROR"), tools.stream()
                .map(t -> List.of(String.valueOf(t.toolIndex()), t.toolName(), t.status().wire(),
                    t.startedAt() == null ? "-" : t.startedAt(),
                    t.errorMessage() == null ? "" : Output.oneLine(t.errorMessage(), 60))).toList()));
          }
          if (!recent.isEmpty()) {
            out.println();
            out.print(Output.table(List.of("#", "TIME", "ROLE", "CONTENT"), recent.stream()
                .map(t -> List.of(String.valueOf(t.turnIndex()), t.timestamp(), t.role().wire(),
                    Output.oneLine(t.content(), 100))).toList()));
          }
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a session.")
  static final class Close extends CommandBase {

    @Parameters(paramLabel = "UUID", description = "Session UUID (a unique prefix of 4+ characters is enough)")
    String uuid;

    @Option(names = "--reason", description = "Why (kept in the session's metadata; default: ${DEFAULT-VALUE})",
        defaultValue = "closed from the command line")
    String reason;

    @Override
    public Integer call() {
      try (CliRuntime rt = runtime()) {
        SessionView before = rt.await(rt.store().session(uuid));
        SessionView after = rt.await(rt.store().closeSession(new SessionClose(before.sessionUuid(), reason, false)));
        PrintWriter out = out();
        out.println(before.state() == SessionState.ACTIVE
            ? "closed session " + after.sessionUuid()
            : "session " + after.sessionUuid() + " was already " + after.state().wire());
        out.flush();
        return 0;
      }
    }
  }
}
