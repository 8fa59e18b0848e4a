package dev.voicebridge.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.testkit.SpeechFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WAV files in the formats recorders and tools write, made by sox (an independent encoder) from one
 * speech recording: each decodes to 16 kHz mono with the same duration and the same waveform. Files that
 * are not WAV, damaged, or in an unsupported encoding give one clear message.
 */
class WavDecoderTest {

  @TempDir
  Path dir;

  private static void sox(String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("sox"));
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "sox " + cmd + ": " + out);
  }

  /** Normalised correlation of two signals over their common length. */
  private static double correlation(short[] a, short[] b) {
    int n = Math.min(a.length, b.length);
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < n; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  @Test
  void everyCommonFormatDecodesToTheSameSpeech() throws Exception {
    SpeechTrack t = SpeechFixtures.track().silence(200).say("the quick brown fox jumps over the lazy dog").silence(200);
    Path reference = t.writeWav(dir.resolve("reference.wav"));
    short[] original = t.samples();
    String[][] formats = {
        {"pcm16-44k-stereo.wav", "-r", "44100", "-c", "2", "-b", "16", "-e", "signed-integer"},
        {"pcm8-8k.wav", "-r", "8000", "-c", "1", "-b", "8", "-e", "unsigned-integer"},
        {"pcm24-22k.wav", "-r", "22050", "-c", "1", "-b", "24", "-e", "signed-integer"},
        {"pcm32-48k.wav", "-r", "48000", "-c", "1", "-b", "32", "-e", "signed-integer"},
        {"float32-48k-stereo.wav", "-r", "48000", "-c", "2", "-b", "32", "-e", "floating-point"},
        {"float64-16k.wav", "-r", "16000", "-c", "1", "-b", "64", "-e", "floating-point"},
        {"pcm16-6ch.wav", "-r", "16000", "-c", "6", "-b", "16", "-e", "signed-integer"}}; // WAVE_FORMAT_EXTENSIBLE
    for (String[] f : formats) {
      Path file = dir.resolve(f[0]);
      List<String> args = new java.util.ArrayList<>(List.of(reference.toString()));
      args.addAll(Arrays.asList(f).subList(1, f.length));
      args.add(file.toString());
      sox(args.toArray(String[]::new));
      short[] decoded = WavDecoder.readPcm16k(file);
      assertTrue(Math.abs(decoded.length - original.length) <= 16, f[0] + ": " + decoded.length + " samples vs "
          + original.length);
      double minCorrelation = f[0].startsWith("pcm8-8k") ? 0.85 : 0.97; // 8 kHz drops everything above 4 kHz
      double c = correlation(original, decoded);
      assertTrue(c >= minCorrelation, f[0] + ": correlation " + c);
    }
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] header(int formatTag, int channels, int rate, int bits, int dataBytes, boolean withData) {
    ByteBuffer b = ByteBuffer.allocate(44 + Math.max(0, dataBytes)).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) formatTag).putShort((short) channels).putInt(rate)
        .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits);
    if (withData) {
      b.put("data".getBytes()).putInt(dataBytes);
    }
    return b.array();
  }

  @Test
  void badFilesGiveOneClearMessage() throws IOException {
    assertMessage(write("notes.txt", "this is not audio".getBytes()), "is not a WAV file");
    assertMessage(write("mp3.wav", header(0x55, 1, 16000, 16, 1000, true)), "unsupported WAV encoding (MPEG layer 3)");
    assertMessage(write("alaw.wav", header(6, 1, 8000, 8, 1000, true)), "unsupported WAV encoding (A-law)");
    assertMessage(write("nodata.wav", Arrays.copyOf(header(1, 1, 16000, 16, 0, false), 36)), "no data chunk");
    assertMessage(write("empty.wav", header(1, 1, 16000, 16, 0, true)), "has no audio samples");
    assertMessage(write("short.wav", Arrays.copyOf("RIFF....WAVEfmt ".getBytes(), 16)), "damaged WAV file");
    assertMessage(dir.resolve("absent.wav"), "no such file");
  }

  @Test
  void aDataChunkCutShortIsReadAsFarAsItGoes() throws IOException {
    byte[] full = header(1, 1, 16000, 16, 32000, true); // claims 1 s
    byte[] cut = Arrays.copyOf(full, 44 + 16000); // holds 0.5 s
    assertEquals(8000, WavDecoder.readPcm16k(write("cut.wav", cut)).length);
  }

  private static void assertMessage(Path file, String expected) {
    BridgeException e = assertThrows(BridgeException.class, () -> WavDecoder.readPcm16k(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
  }
}
