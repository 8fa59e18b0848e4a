package dev.voicebridge.tts;

import dev.voicebridge.testkit.SpeechFixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.WavFileSink;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sentences play in order without gaps; barge-in stops audio and drops the queue. */
class SpeechPipelineTest {

  @TempDir
  Path dir;

  /** The pipeline's reports as strings, in arrival order. */
  static final class Reports implements SpeechPipeline.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void started(String runId) {
      events.add("started " + runId);
    }

    @Override
    public void finished(String runId, int spokenSentences) {
      events.add("finished " + runId + " " + spokenSentences);
    }

    @Override
    public void interrupted(String runId, int spokenSentences, String reason) {
      events.add("interrupted " + runId + " " + spokenSentences + " " + reason);
    }

    @Override
    public void failed(String runId, int seq, String message) {
      events.add("failed " + runId + " " + seq + " " + message);
    }

    String next() throws InterruptedException {
      String e = events.poll(30, TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("no report within 30 s");
      }
      return e;
    }
  }

  private static final List<String> SENTENCES = List.of("The first sentence is short.",
      "The second one follows it without a gap.", "And the third one ends the reply.");

  @Test
  void sentencesPlayInOrderBackToBack() throws Exception {
    SpeechFixtures.requireEspeak();
    Path wav = dir.resolve("reply.wav");
    Reports reports = new Reports();
    try (SpeechPipeline p = new SpeechPipeline(new EspeakSynthesizer(TtsFixtures.settings()), new WavFileSink(wav), reports)) {
      for (int i = 0; i < SENTENCES.size(); i++) {
        assertTrue(p.say("run-1", i, SENTENCES.get(i)));
      }
      p.end("run-1");
      assertEquals("started run-1", reports.next());
      assertEquals("finished run-1 3", reports.next());
    }
    // The file holds exactly each sentence's audio, one after the other: nothing missing, reordered or added.
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (Synthesizer s = new EspeakSynthesizer(TtsFixtures.settings())) {
      for (String sentence : SENTENCES) {
        expected.write(TtsFixtures.synthesize(s, sentence).pcm.toByteArray());
      }
    }
    byte[] file = Files.readAllBytes(wav);
    assertTrue(Arrays.equals(expected.toByteArray(), Arrays.copyOfRange(file, 44, file.length)),
        "played " + (file.length - 44) + " bytes, expected " + expected.size());
  }

  @Test
  void bargeInStopsTheAudioAndDropsTheQueue() throws Exception {
    SpeechFixtures.requireEspeak();
    RecordingSink sink = new RecordingSink();
    Reports reports = new Reports();
    try (SpeechPipeline p = new SpeechPipeline(new EspeakSynthesizer(TtsFixtures.settings()), sink, reports)) {
      for (int i = 0; i < 5; i++) {
        p.say("run-2", i, TtsFixtures.SENTENCE);
      }
      p.end("run-2");
      assertEquals("started run-2", reports.next());
      Thread.sleep(300); // into the first sentence (about 5 s long)

      assertEquals(List.of("run-2"), p.stop(null, "barge-in"));
      long bytesAtStop = sink.bytes.get();
      assertEquals("interrupted run-2 0 barge-in", reports.next());

      // (late sentences of a halted run never come: the filter, which decided the halt, drops them)
      p.end("run-2");
      Thread.sleep(500);
      long slice = sink.format.bytesFor(SpeechPipeline.SLICE_MS);
      assertTrue(sink.bytes.get() - bytesAtStop <= slice,
          "at most the slice in flight reaches the sink after the stop: " + (sink.bytes.get() - bytesAtStop));
      assertTrue(reports.events.isEmpty(), "nothing more is reported: " + reports.events);

      // the next reply plays normally
      p.say("run-3", 0, "Next reply.");
      p.end("run-3");
      assertEquals("started run-3", reports.next());
      assertEquals("finished run-3 1", reports.next());
    }
  }

  @Test
  void stoppingOneRunLeavesTheNextOneQueued() throws Exception {
    SpeechFixtures.requireEspeak();
    RecordingSink sink = new RecordingSink();
    Reports reports = new Reports();
    try (SpeechPipeline p = new SpeechPipeline(new EspeakSynthesizer(TtsFixtures.settings()), sink, reports)) {
      p.say("a", 0, TtsFixtures.SENTENCE);
      p.end("a");
      p.say("b", 0, "The second reply.");
      p.end("b");
      assertEquals("started a", reports.next());
      p.stop("a", "stop");
      assertEquals("interrupted a 0 stop", reports.next());
      assertEquals("started b", reports.next());
      assertEquals("finished b 1", reports.next());
      assertEquals(List.of(), p.stop("nothing-playing", "stop"), "stopping what does not play stops nothing");
    }
  }

  @Test
  void aCrashedSentenceIsReportedAndTheRestOfTheReplyIsSpoken() throws Exception {
    SpeechFixtures.requireEspeak();
    Path crashing = TtsFixtures.crashingEspeak(dir);
    Reports reports = new Reports();
    RecordingSink sink = new RecordingSink();
    try (SpeechPipeline p = new SpeechPipeline(
        new EspeakSynthesizer(TtsFixtures.settings().withEspeakBinary(crashing.toString())), sink, reports)) {
      p.say("run-4", 0, "Before the crash.");
      p.say("run-4", 1, "Please CRASH now.");
      p.say("run-4", 2, "After the crash.");
      p.end("run-4");
      assertEquals("started run-4", reports.next());
      String failed = reports.next();
      assertTrue(failed.startsWith("failed run-4 1 ") && failed.contains("signal 11"), failed);
      assertEquals("finished run-4 2", reports.next());
    }
  }

  /** A device that fails while playing (unplugged): an edge case a test machine's device cannot produce on demand. */
  @Test
  void aSinkFailingMidSentenceFailsThatSentenceOnly() throws Exception {
    SpeechFixtures.requireEspeak();
    Reports reports = new Reports();
    RecordingSink device = new RecordingSink() {
      private int failures = 1;

      @Override
      public void write(byte[] pcm, int off, int len) {
        if (failures > 0) {
          failures--;
          throw new dev.voicebridge.audio.AudioSinkException("device unplugged");
        }
        super.write(pcm, off, len);
      }
    };
    try (SpeechPipeline p = new SpeechPipeline(new EspeakSynthesizer(TtsFixtures.settings()), device, reports)) {
      p.say("run-5", 0, "This one hits the failure.");
      p.say("run-5", 1, "This one plays.");
      p.end("run-5");
      assertEquals("started run-5", reports.next());
      String failed = reports.next();
      assertTrue(failed.startsWith("failed run-5 0 ") && failed.contains("device unplugged"), failed);
      assertEquals("finished run-5 1", reports.next());
      assertTrue(device.bytes.get() > 0, "the second sentence was played");
    }
  }
}
