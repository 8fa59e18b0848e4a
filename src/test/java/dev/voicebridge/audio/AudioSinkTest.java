package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.tts.AudioReceiver;
import dev.voicebridge.tts.Cancellation;
import dev.voicebridge.tts.EspeakSynthesizer;
import dev.voicebridge.tts.FreeTtsSynthesizer;
import dev.voicebridge.tts.Synthesizer;
import dev.voicebridge.tts.TtsSettings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.TargetDataLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The playback sinks: a WAV file, and a real sound device (PulseAudio null sink, captured back). */
class AudioSinkTest {

  @TempDir
  Path dir;

  private static String noDevice;

  @BeforeAll
  static void startTheTestAudioDevice() throws Exception {
    noDevice = PulseAudioTestDaemon.ensure();
  }

  private static byte[] tone(PcmFormat f, int millis, double amplitude) {
    byte[] pcm = new byte[f.bytesFor(millis)];
    for (int i = 0; i < pcm.length / 2; i++) {
      short s = (short) (Math.sin(2 * Math.PI * 440 * i / f.sampleRate()) * amplitude * 32767);
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    return pcm;
  }

  @Test
  void wavFileSinkWritesAValidWavWhoseHeaderIsCurrentAfterEachReply() throws Exception {
    Path file = dir.resolve("out/speech.wav");
    PcmFormat f = new PcmFormat(22050, 1);
    byte[] pcm = tone(f, 500, 0.5);
    WavFileSink sink = new WavFileSink(file);
    sink.begin(f);
    sink.write(pcm, 0, pcm.length);
    sink.drain();
    try (InputStream in = Files.newInputStream(file)) {
      assertEquals(f, Pcm.readWavHeader(in));
      assertEquals(pcm.length, in.readAllBytes().length, "the header's lengths are current after drain");
    }
    sink.write(pcm, 0, pcm.length);
    sink.close();
    byte[] all = Files.readAllBytes(file);
    assertEquals(44 + 2 * pcm.length, all.length);
    assertEquals(2 * pcm.length, java.nio.ByteBuffer.wrap(all, 40, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
    assertTrue(Pcm.rms(Arrays.copyOfRange(all, 44, all.length)) > 0.3);
  }

  @Test
  void wavFileSinkRefusesToMixFormats() {
    WavFileSink sink = new WavFileSink(dir.resolve("a.wav"));
    sink.begin(new PcmFormat(22050, 1));
    AudioSinkException e = assertThrows(AudioSinkException.class, () -> sink.begin(new PcmFormat(16000, 1)));
    assertTrue(e.getMessage().contains("22050"), e.getMessage());
    sink.close();
  }

  @Test
  void anUnwritableWavPathSaysWhatToDo() throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    WavFileSink sink = new WavFileSink(blocker.resolve("speech.wav"));
    AudioSinkException e = assertThrows(AudioSinkException.class, () -> sink.begin(new PcmFormat(22050, 1)));
    assertTrue(e.getMessage().contains("audio.output.file"), e.getMessage());
  }

  @Test
  void anUnknownDeviceIsAnErrorNamingTheAvailableOnes() {
    SpeakerSink sink = new SpeakerSink("no-such-card-xyz", 40);
    AudioSinkException e = assertThrows(AudioSinkException.class, () -> sink.begin(new PcmFormat(22050, 1)));
    assertTrue(e.getMessage().contains("available") && e.getMessage().contains("audio.output.device"), e.getMessage());
  }

  /** Records the test sound server's default source (the null sink's monitor), 16 kHz mono PCM16. */
  private static final class MonitorCapture implements AutoCloseable {
    private final TargetDataLine mic;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final Thread thread;

    MonitorCapture() throws Exception {
      AudioFormat format = new AudioFormat(16000, 16, 1, true, false);
      mic = AudioSystem.getTargetDataLine(format);
      mic.open(format);
      mic.start();
      thread = new Thread(() -> {
        byte[] buf = new byte[3200];
        while (!Thread.currentThread().isInterrupted()) {
          int n = mic.read(buf, 0, buf.length);
          if (n <= 0) {
            break;
          }
          synchronized (captured) {
            captured.write(buf, 0, n);
          }
        }
      });
      thread.start();
    }

    byte[] bytes() {
      synchronized (captured) {
        return captured.toByteArray();
      }
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      mic.stop();
      mic.close();
      thread.join(2000);
    }
  }

  @Test
  void theSpeakerSinkPlaysSpeechThroughARealDevice() throws Exception {
    assertNull(noDevice, noDevice);
    TtsSettings tts = TtsSettings.from(BridgeConfig.defaults());
    ByteArrayOutputStream speech = new ByteArrayOutputStream();
    PcmFormat[] format = new PcmFormat[1];
    try (Synthesizer s = EspeakSynthesizer.probe("espeak-ng").isPresent() ? new EspeakSynthesizer(tts)
        : new FreeTtsSynthesizer(tts)) {
      s.synthesize("Testing the speaker, one two three.", new AudioReceiver() {
        @Override
        public void format(PcmFormat f) {
          format[0] = f;
        }

        @Override
        public void pcm(byte[] data, int off, int len) {
          speech.write(data, off, len);
        }
      }, new Cancellation());
    }
    byte[] pcm = speech.toByteArray();

    // Capture the null sink's monitor (the default source) while the speaker sink plays into the sink.
    MonitorCapture monitor = new MonitorCapture();
    try {
      Thread.sleep(300);
      byte[] before;
      before = monitor.bytes();
      SpeakerSink sink = new SpeakerSink("default", 40);
      sink.begin(format[0]);
      int slice = format[0].bytesFor(10);
      for (int off = 0; off < pcm.length; off += slice) {
        sink.write(pcm, off, Math.min(slice, pcm.length - off));
      }
      sink.drain();
      sink.close();
      Thread.sleep(500);
      byte[] all;
      all = monitor.bytes();
      byte[] during = Arrays.copyOfRange(all, before.length, all.length);
      double silence = Pcm.rms(before);
      double heard = Pcm.rms(during);
      assertTrue(during.length > 16000, "captured " + during.length + " bytes while playing");
      assertTrue(heard > 0.01 && heard > 10 * silence,
          "the speech arrived at the device: RMS " + heard + " while playing vs " + silence + " before");
    } finally {
      monitor.close();
    }
  }

  /** The sink-input indexes of this process's playback streams on the test sound server. */
  private static java.util.List<String> ourStreams() throws Exception {
    String pid = Long.toString(ProcessHandle.current().pid());
    java.util.List<String> ids = new java.util.ArrayList<>();
    String current = null;
    for (String line : pactl("list", "sink-inputs").split("\n")) {
      if (line.startsWith("Sink Input #")) {
        current = line.substring("Sink Input #".length()).strip();
      } else if (current != null && line.contains("application.process.id = \"" + pid + "\"")) {
        ids.add(current);
      }
    }
    return ids;
  }

  /**
   * A barge-in empties the sound server's queue of the same stream, which plays on: through javax.sound and
   * ALSA's pulse plugin every flush became a new server stream, which could stay silent for seconds while
   * the bridge believed it was playing (and told its echo canceller so).
   */
  @Test
  void theSoundServerSinkKeepsOneStreamThroughABargeInAndPlaysWhatComesNext() throws Exception {
    assertNull(noDevice, noDevice);
    assertTrue(PulseSink.unavailable().isEmpty(), "the test sound server answers: " + PulseSink.unavailable());
    PcmFormat f = new PcmFormat(22050, 1);
    byte[] quiet = tone(f, 20, 0.1);
    byte[] loud = tone(f, 20, 0.6);
    MonitorCapture monitor = new MonitorCapture();
    PulseSink sink = new PulseSink(100);
    try {
      sink.begin(f);
      for (int i = 0; i < 25; i++) {
        sink.write(quiet, 0, quiet.length);
      }
      java.util.List<String> streams = ourStreams();
      assertEquals(1, streams.size(), "one playback stream: " + streams);
      sink.abort();
      int heardFrom;
      heardFrom = monitor.bytes().length;
      for (int i = 0; i < 50; i++) { // the next reply, louder: one second
        sink.write(loud, 0, loud.length);
      }
      sink.drain();
      assertEquals(streams, ourStreams(), "the barge-in kept the stream");
      int loudBlocks = 0;
      long deadline = System.nanoTime() + 5_000_000_000L; // the capture through ALSA's plugin lags
      while (loudBlocks < 8 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        byte[] after;
        byte[] all = monitor.bytes();
        after = Arrays.copyOfRange(all, heardFrom, all.length);
        loudBlocks = 0;
        int block = 2 * 1600; // 100 ms
        for (int off = 0; off + block <= after.length; off += block) {
          if (Pcm.rms(Arrays.copyOfRange(after, off, off + block)) > 0.25) {
            loudBlocks++;
          }
        }
      }
      assertTrue(loudBlocks >= 8, "the reply after the barge-in was heard: " + loudBlocks + " of 10 blocks of 100 ms");
    } finally {
      sink.close();
      monitor.close();
    }
  }

  /**
   * Closing the sink (shutdown, or the bridge's own error path) while the player thread is inside a write:
   * the native stream must not be freed under the write. Here a whole second is written at once, so the
   * write sits in libpulse waiting for the server to take it when close comes; close returns at once, the
   * write ends normally, the stream is gone afterwards, and writing to the closed sink does nothing.
   * Then many closes at random moments against a writer of 10 ms slices: never an exception, never a crash.
   */
  @Test
  void theSoundServerSinkClosedWhileAnotherThreadWritesFreesTheStreamOnlyAfterTheWrite() throws Exception {
    assertNull(noDevice, noDevice);
    assertTrue(PulseSink.unavailable().isEmpty(), "the test sound server answers: " + PulseSink.unavailable());
    java.util.List<String> before = ourStreams(); // other tests' streams, if any are still open
    PcmFormat f = new PcmFormat(16000, 1);
    byte[] second = tone(f, 1000, 0.3);
    PulseSink sink = new PulseSink(20);
    sink.begin(f);
    java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(
        () -> sink.write(second, 0, second.length));
    Thread.sleep(300); // the writer waits in pa_simple_write for the server to take the rest
    long t0 = System.nanoTime();
    sink.close();
    assertTrue((System.nanoTime() - t0) / 1e6 < 500, "close does not wait for the write (700 ms left of it)");
    writer.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(before, ourStreamsOnceSettled(before), "the stream was freed once the write was done");
    sink.write(second, 0, 320); // a write after close: nothing, quietly
    assertEquals(0, sink.bufferedNanos());

    byte[] slice = tone(f, 10, 0.3);
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 20; round++) {
      PulseSink s = new PulseSink(20);
      s.begin(f);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.CompletableFuture<Void> w = java.util.concurrent.CompletableFuture.runAsync(() -> {
        for (int after = 0; after < 5; after += stop.get() ? 1 : 0) {
          s.write(slice, 0, slice.length);
          s.abort();
          s.drain();
        }
      });
      Thread.sleep(random.nextInt(40));
      s.close();
      stop.set(true);
      w.get(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertEquals(before, ourStreamsOnceSettled(before), "every stream was freed");
  }

  /** {@link #ourStreams}, given the server up to two seconds to notice the streams that went since {@code before}. */
  private static java.util.List<String> ourStreamsOnceSettled(java.util.List<String> before) throws Exception {
    long deadline = System.nanoTime() + 2_000_000_000L;
    java.util.List<String> streams = ourStreams();
    while (!streams.equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      streams = ourStreams();
    }
    return streams;
  }

  /**
   * The same race through javax.sound: a line closed under a write cuts the write short, which is not the
   * device going away; the writer ends quietly (no "stopped taking audio" error) and a write after close
   * does nothing.
   */
  @Test
  void theSpeakerSinkClosedWhileAnotherThreadWritesEndsQuietly() throws Exception {
    assertNull(noDevice, noDevice);
    PcmFormat f = new PcmFormat(22050, 1);
    byte[] slice = tone(f, 10, 0.3);
    java.util.Random random = new java.util.Random(11);
    for (int round = 0; round < 10; round++) {
      SpeakerSink sink = new SpeakerSink("", 100);
      sink.begin(f);
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(() -> {
        for (int after = 0; after < 5; after += stop.get() ? 1 : 0) {
          sink.write(slice, 0, slice.length);
        }
      });
      Thread.sleep(100 + random.nextInt(100));
      sink.close();
      stop.set(true);
      writer.get(5, java.util.concurrent.TimeUnit.SECONDS);
      sink.write(slice, 0, slice.length);
      assertEquals(0, sink.bufferedNanos());
    }
  }

  /** Runs pactl against the test daemon; returns its output. */
  private static String pactl(String... args) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("pactl"));
    cmd.addAll(java.util.List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, cmd + ": " + out);
    return out.strip();
  }

  /**
   * A speaker that goes away mid-reply (a USB speaker unplugged; here the sound server's sink is removed):
   * the sound server either moves the stream to another sink (playing goes on) or kills it — a dead line
   * takes no audio, for ever, and the sink then says so once, with a clear message, instead of "playing"
   * into nothing. Either way nothing hangs, and the next sentence opens the device that is there now.
   */
  @Test
  void aSpeakerThatGoesAwayMidReplyNeverHangsAndPlaysAgainAfterwards() throws Exception {
    assertNull(noDevice, noDevice);
    String before = pactl("get-default-sink");
    String module = pactl("load-module", "module-null-sink", "sink_name=vb_unplugged", "rate=22050", "channels=1");
    PcmFormat f = new PcmFormat(22050, 1);
    byte[] slice = tone(f, 10, 0.3);
    SpeakerSink sink = new SpeakerSink("", 100);
    try {
      pactl("set-default-sink", "vb_unplugged");
      sink.begin(f);
      for (int i = 0; i < 30; i++) {
        sink.write(slice, 0, slice.length);
      }
      pactl("set-default-sink", before);
      pactl("unload-module", module);
      module = null;
      long t0 = System.nanoTime();
      try {
        for (int i = 0; i < 100; i++) { // one second of audio
          sink.write(slice, 0, slice.length);
        }
      } catch (AudioSinkException e) {
        assertTrue(e.getMessage().contains("stopped taking audio") && e.getMessage().contains("speaker"),
            e.getMessage());
      }
      assertTrue((System.nanoTime() - t0) / 1e9 < 5, "writes to a vanished device do not hang");
      // the next sentence: the device is opened (again, if it died) and plays
      sink.begin(f);
      for (int i = 0; i < 30; i++) {
        sink.write(slice, 0, slice.length);
      }
    } finally {
      sink.close();
      if (module != null) {
        pactl("unload-module", module);
      }
      pactl("set-default-sink", before);
    }
  }
}
