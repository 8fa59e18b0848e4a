package dev.voicebridge.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.testkit.SpeechFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code bench soak} in CI: 40 spoken turns through a real gateway, and nothing the bridge
 * holds — open descriptors, threads — may grow from the first window of ten to the last. (Memory and latency
 * need the long run to say anything; their figures are in the README.)
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SoakIT {

  @TempDir
  Path dir;

  @Test
  void fortyTurnsLeakNoDescriptorAndNoThread() throws Exception {
    SpeechFixtures.requireModels();
    StringWriter log = new StringWriter();
    SoakBenchmark.Result r = new SoakBenchmark(40, 10, new PrintWriter(log)).run(dir);
    SoakBenchmark.Window first = r.first();
    SoakBenchmark.Window last = r.last();
    // a little slack: a pooled thread or a socket may come and go between two samples
    assertTrue(last.fds() <= first.fds() + 3, "descriptors grew: " + log);
    assertTrue(last.threads() <= first.threads() + 3, "threads grew: " + log);
  }
}
