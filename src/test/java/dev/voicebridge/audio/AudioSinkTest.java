package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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

  @Test
  void theSpeakerSinkPlaysSpeechThroughARealDevice() throws Exception {
    assumeTrue(noDevice == null, noDevice);
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
    AudioFormat captureFormat = new AudioFormat(16000, 16, 1, true, false);
    TargetDataLine mic = AudioSystem.getTargetDataLine(captureFormat);
    mic.open(captureFormat);
    mic.start();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Thread capture = new Thread(() -> {
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
    capture.start();
    try {
      Thread.sleep(300);
      byte[] before;
      synchronized (captured) {
        before = captured.toByteArray();
      }
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
      synchronized (captured) {
        all = captured.toByteArray();
      }
      byte[] during = Arrays.copyOfRange(all, before.length, all.length);
      double silence = Pcm.rms(before);
      double heard = Pcm.rms(during);
      assertTrue(during.length > 16000, "captured " + during.length + " bytes while playing");
      assertTrue(heard > 0.01 && heard > 10 * silence,
          "the speech arrived at the device: RMS " + heard + " while playing vs " + silence + " before");
    } finally {
      capture.interrupt();
      mic.stop();
      mic.close();
      capture.join(2000);
    }
  }
}
