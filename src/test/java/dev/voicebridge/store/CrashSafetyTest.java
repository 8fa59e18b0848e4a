package dev.voicebridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.testkit.ChildJvm;
import dev.voicebridge.testkit.TestStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process is killed with SIGKILL in the middle of appending. Afterwards the database must pass
 * integrity_check and hold every turn the writer had been told was committed, with its index and content.
 */
class CrashSafetyTest {

  @TempDir
  Path dir;

  @RepeatedTest(5)
  void everyAcknowledgedTurnSurvivesSigkill() throws Exception {
    Path db = dir.resolve("crash.db");
    int killAfter = 50 + new Random().nextInt(400);
    List<String> command = new ArrayList<>(ChildJvm.command(CrashWriter.class.getName()));
    command.add(db.toString());
    Process child = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Map<Integer, String> acknowledged = new HashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        assertTrue(!line.startsWith("FAIL"), line);
        if (line.startsWith("ACK ")) {
          String[] parts = line.split(" ", 3);
          acknowledged.put(Integer.parseInt(parts[1]), parts[2]);
          if (acknowledged.size() == killAfter) {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close, mid-transaction
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    assertEquals(killAfter, acknowledged.size(), "the writer acknowledged enough turns before the kill");

    assertEquals("ok", TestStore.text(db, "PRAGMA integrity_check"));
    try (Connection c = TestStore.jdbc(db);
         PreparedStatement ps = c.prepareStatement("SELECT content FROM conversation_turns WHERE turn_index = ?")) {
      for (Map.Entry<Integer, String> e : acknowledged.entrySet()) {
        ps.setInt(1, e.getKey());
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next(), "acknowledged turn " + e.getKey() + " is missing after the crash");
          assertEquals(e.getValue(), rs.getString(1));
        }
      }
    }
    long stored = TestStore.count(db, "SELECT COUNT(*) FROM conversation_turns");
    assertTrue(stored >= killAfter);
    assertEquals(stored - 1, TestStore.count(db, "SELECT MAX(turn_index) FROM conversation_turns"), "still dense");
  }
}
