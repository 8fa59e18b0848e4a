package dev.voicebridge.bench;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.audio.WavDecoder;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Synthetic speech for benchmarks and tests: espeak-ng speaks a text (voice, speed, pitch) and the result
 * is converted to 16 kHz mono PCM16 with its leading and trailing silence cut, so that where the speech
 * starts and ends in a track built from it is known to the sample.
 */
public final class SpeechSynth {

  private static final int SILENCE = 64; // |sample| below this (-54 dBFS) counts as espeak's padding

  private SpeechSynth() {
  }

  /** Whether espeak-ng can be run here. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code text} spoken by espeak-ng voice {@code voice} at {@code wpm} words per minute and {@code pitch} (0-99). */
  public static short[] speak(String text, String voice, int wpm, int pitch) {
    // espeak-ng writes placeholder chunk sizes when it streams to stdout; the decoder reads to the end
    return trim(WavDecoder.decode(wav(text, voice, wpm, pitch), "espeak-ng output").toPcm16k());
  }

  /** The same as espeak-ng's own WAV (its rate, placeholder chunk sizes as a streamed WAV has). */
  public static byte[] wav(String text, String voice, int wpm, int pitch) {
    List<String> cmd = List.of("espeak-ng", "-v", voice, "-s", Integer.toString(wpm), "-p", Integer.toString(pitch),
        "--stdout", text);
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] wav = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || wav.length == 0) {
        throw new BridgeException("espeak-ng failed for voice " + voice);
      }
      return wav;
    } catch (IOException e) {
      throw new BridgeException("espeak-ng is needed to synthesise speech (Debian: apt-get install espeak-ng)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BridgeException("interrupted");
    }
  }

  static short[] trim(short[] pcm) {
    int from = 0;
    while (from < pcm.length && Math.abs(pcm[from]) < SILENCE) {
      from++;
    }
    int to = pcm.length;
    while (to > from && Math.abs(pcm[to - 1]) < SILENCE) {
      to--;
    }
    return Arrays.copyOfRange(pcm, from, to);
  }
}
