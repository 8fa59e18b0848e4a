package dev.voicebridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.cli.Main;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.session.Csv;
import dev.voicebridge.testkit.Await;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a real database: output, files written, exit codes 0/1/2. */
class CliTest {

  @TempDir
  Path dir;
  Path db;
  String uuid;

  record Run(int code, String out, String err) {
  }

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeEach
  void seed() {
    db = dir.resolve("data").resolve("sessions.db");
    Vertx vertx = Vertx.vertx();
    try {
      TestStore ts = TestStore.start(vertx, db);
      SessionView s = Await.result(ts.client.createSession(new SessionCreate("main", new JsonObject())));
      uuid = s.sessionUuid();
      for (String text : List.of("What's the weather in Paris?", "Sunny, 21 degrees, \"light\" wind,\nno rain.")) {
        Await.result(ts.client.appendTurn(new TurnAppend(uuid, text.startsWith("What") ? Role.USER : Role.ASSISTANT,
            text, null, null, null, null, null, null, null)));
      }
    } finally {
      Await.result(vertx.close());
    }
  }

  @Test
  void sessionsListShowAndClose() {
    Run list = cli("sessions", "list");
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains(uuid) && list.out().contains("active"), list.out());
    Run json = cli("sessions", "list", "--json", "--state", "active");
    assertEquals(uuid, new JsonArray(json.out()).getJsonObject(0).getString("sessionUuid"));
    Run show = cli("sessions", "show", uuid.substring(0, 8));
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().contains("What's the weather in Paris?"), show.out());
    Run close = cli("sessions", "close", uuid, "--reason", "testing");
    assertEquals(0, close.code(), close.err());
    assertTrue(close.out().contains("closed session " + uuid));
    assertTrue(cli("sessions", "list", "--state", "closed").out().contains(uuid));
    assertTrue(cli("sessions", "close", uuid).out().contains("already closed"));
  }

  @Test
  void historyShowSearchStats() {
    Run show = cli("history", "show", uuid);
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().contains("#1") && show.out().contains("no rain."), show.out());
    Run search = cli("history", "search", "paris", "weather");
    assertEquals(0, search.code(), search.err());
    assertTrue(search.out().contains("[Paris]") || search.out().contains("[paris]"), search.out());
    assertTrue(cli("history", "search", "nothing-like-this").out().contains("no turn matches"));
    assertTrue(cli("history", "search", "paris", "--since", "2999-01-01").out().contains("no turn matches"));
    Run stats = cli("history", "stats");
    assertEquals(0, stats.code(), stats.err());
    assertTrue(stats.out().contains("turns             2"), stats.out());
  }

  @Test
  void exportsToPrivateFilesThatRoundTrip() throws Exception {
    Path csv = dir.resolve("out").resolve("s.csv");
    Run r = cli("history", "export", uuid, "--format", "csv", "--out", csv.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(csv)));
    List<List<String>> records = Csv.parse(Files.readString(csv));
    assertEquals("Sunny, 21 degrees, \"light\" wind,\nno rain.", records.get(2).get(3));
    // an existing file is replaced only with --force; a device or a directory never
    Run again = cli("history", "export", uuid, "--format", "csv", "--out", csv.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().contains("--force"), again.err());
    assertEquals(0, cli("history", "export", uuid, "--format", "csv", "--out", csv.toString(), "--force").code());
    Run device = cli("history", "export", uuid, "--format", "csv", "--out", "/dev/full", "--force");
    assertEquals(1, device.code());
    assertTrue(device.err().contains("not a regular file"), device.err());
    assertFalse(Files.isRegularFile(Path.of("/dev/full")), "/dev/full is still a device");
    Path nested = dir.resolve("new/deeper/export.csv");
    assertEquals(0, cli("history", "export", uuid, "--format", "csv", "--out", nested.toString()).code());
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("new"))));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(nested)));

    // standard output on a full disk: the export is incomplete, and the exit status says so
    StringWriter err = new StringWriter();
    java.io.OutputStream full = new java.io.OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        throw new java.io.IOException("No space left on device");
      }
    };
    int code = Main.execute(new PrintWriter(full), new PrintWriter(err), "--db", db.toString(), "history", "export",
        uuid, "--format", "json");
    assertEquals(1, code, err.toString());
    assertTrue(err.toString().contains("could not write the output"), err.toString());

    Run json = cli("history", "export", uuid, "--format", "json");
    assertEquals(2, new JsonObject(json.out()).getJsonArray("turns").size());
    Path all = dir.resolve("all.json");
    assertEquals(0, cli("history", "export", "--all", "--format", "json", "--out", all.toString()).code());
    assertEquals(1, new JsonObject(Files.readString(all)).getJsonArray("sessions").size());
    Run csvAll = cli("history", "export", "--all", "--format", "csv");
    assertEquals(2, csvAll.code(), "CSV of every session is a usage error");
    assertTrue(csvAll.err().contains("--format json"), csvAll.err());
  }

  @Test
  void dbBackupStatsCleanupMigrate() throws Exception {
    Path backup = dir.resolve("b.db");
    Run b = cli("db", "backup", "--out", backup.toString());
    assertEquals(0, b.code(), b.err());
    assertEquals(2, TestStore.count(backup, "SELECT COUNT(*) FROM conversation_turns"));
    assertEquals(1, cli("db", "backup", "--out", backup.toString()).code(), "never overwrites");
    Run proc = cli("db", "backup", "--out", "/proc/x.db");
    assertEquals(1, proc.code());
    assertTrue(proc.err().contains("/proc/x.db: ") && proc.err().contains("choose another --out"), proc.err());
    assertTrue(cli("db", "stats").out().contains("schema version  4"));
    assertTrue(cli("db", "migrate").out().contains("up to date (v4)"));
    cli("sessions", "close", uuid);
    Run cleanup = cli("db", "cleanup", "--older-than", "0m");
    assertEquals(0, cleanup.code(), cleanup.err());
    assertTrue(cleanup.out().contains("deleted 1 session(s) with 2 turn(s)"), cleanup.out());
    assertEquals(2, cli("db", "cleanup", "--older-than", "seven days").code(), "bad duration is a usage error");
  }

  @Test
  void expectedFailuresAreOneLineWithoutStackTrace() throws Exception {
    Run unknown = cli("sessions", "show", "00000000-0000-0000-0000-000000000000");
    assertEquals(1, unknown.code());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    assertTrue(unknown.err().startsWith("voice-bridge: no session"), unknown.err());
    assertFalse(unknown.err().contains("\tat "), unknown.err());

    Path notDb = dir.resolve("notes.txt");
    Files.writeString(notDb, "hello");
    Run bad = run("--db", notDb.toString(), "sessions", "list");
    assertEquals(1, bad.code());
    assertTrue(bad.err().contains("is not a SQLite database"), bad.err());
    assertFalse(bad.err().contains("\tat "));

    Run device = run("--db", "/dev/null", "sessions", "list");
    assertEquals(1, device.code());
    assertTrue(device.err().contains("is not a regular file"), device.err());
    assertFalse(Files.exists(Path.of("/dev/null-journal")), "nothing written beside a device");

    Path conf = dir.resolve("bad.json");
    Files.writeString(conf, "{\"store\": {\"readPoolSize\": 0}}");
    Run badConf = run("--config", conf.toString(), "sessions", "list");
    assertEquals(1, badConf.code());
    assertTrue(badConf.err().contains("store.readPoolSize") && badConf.err().contains("between 1 and 32"),
        badConf.err());

    Run empty = cli("history", "search", "");
    assertEquals(2, empty.code(), "an empty search is a usage error, not an unexpected one: " + empty.err());
    assertTrue(empty.err().contains("at least one word"), empty.err());
    assertEquals(2, cli("history", "search", "paris", "--limit", "0").code());
    assertEquals(2, cli("sessions", "list", "--limit", "-1").code());
    Run flood = cli("history", "search", ("paris ".repeat(20_000)).strip());
    assertEquals(0, flood.code(), "one word repeated is one term: " + flood.err());
    Run many = cli("history", "search", java.util.stream.IntStream.range(0, 40).mapToObj(i -> "w" + i)
        .collect(java.util.stream.Collectors.joining(" ")));
    assertEquals(1, many.code());
    assertTrue(many.err().contains("at most 32"), many.err());

    assertEquals(2, cli("sessions", "list", "--state", "sleeping").code());
    assertEquals(2, cli("no-such-command").code());
    assertEquals(2, cli("sessions", "show").code(), "missing UUID");
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] cmd : new String[][] {{"--help"}, {"sessions", "--help"}, {"sessions", "list", "--help"},
        {"history", "export", "--help"}, {"db", "cleanup", "--help"}, {"config", "show", "--help"},
        {"run", "--help"}, {"bench", "store", "--help"}, {"bus", "docs", "--help"}}) {
      Run r = cli(cmd);
      assertEquals(0, r.code(), String.join(" ", cmd));
      assertTrue(r.out().contains("Usage:"), String.join(" ", cmd));
    }
  }

  @Test
  void configShowMasksSecrets() throws Exception {
    Path conf = dir.resolve("c.json");
    Files.writeString(conf, "{\"gateway\": {\"token\": \"super-secret-token\"}}");
    Run r = run("--config", conf.toString(), "config", "show");
    assertEquals(0, r.code(), r.err());
    assertFalse(r.out().contains("super-secret-token"));
    assertTrue(r.out().contains("\"token\" : \"***\""), r.out());
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }
}
