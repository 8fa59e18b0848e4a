package dev.voicebridge.tts;

import dev.voicebridge.audio.Pcm;
import dev.voicebridge.audio.PcmFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * espeak-ng run as a process per sentence (started one sentence ahead): {@code espeak-ng --stdout -v VOICE -s RATE -p PITCH} with the
 * text on stdin (never on the command line, where a sentence starting with "-" would be an option).
 * espeak-ng writes a streaming WAV to stdout, so the first PCM block arrives tens of milliseconds after
 * the start, long before the sentence is fully synthesised. A crash or a non-zero exit is a
 * {@link SynthesisException} for that sentence only.
 */
public final class EspeakSynthesizer implements Synthesizer {

  private static final int BLOCK = 4096;

  private final TtsSettings settings;
  /**
   * The process for the next sentence, started ahead and waiting for its text on stdin: a sentence then skips
   * espeak-ng's start-up and voice loading (measured here: first PCM 1 ms after the text instead of 22 ms,
   * and more on a small board or while the machine is busy answering). Null when none could be started.
   */
  private Process spare;
  private boolean closed;

  public EspeakSynthesizer(TtsSettings settings) {
    this.settings = settings;
    prepareSpare();
  }

  private Process start() throws IOException {
    return new ProcessBuilder(List.of(settings.espeakBinary(), "--stdout", "-v", settings.espeakVoice(),
        "-s", String.valueOf(settings.espeakRate()), "-p", String.valueOf(settings.espeakPitch())))
        .redirectError(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  /** The spare process if it is still waiting, else a new one. */
  private Process take() throws IOException {
    Process p;
    synchronized (this) {
      p = spare;
      spare = null;
    }
    if (p != null && p.isAlive()) {
      return p;
    }
    return start();
  }

  /** Starts the next sentence's process now, off the sentence's path. A failure shows at that sentence. */
  private void prepareSpare() {
    Process p;
    try {
      p = start();
    } catch (IOException e) {
      return;
    }
    synchronized (this) {
      if (!closed && spare == null) {
        spare = p;
        return;
      }
    }
    p.destroyForcibly();
  }

  /** The version line of the configured binary, or empty when it cannot be run. Blocking (~10 ms). */
  public static Optional<String> probe(String binary) {
    try {
      Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return "espeak";
  }

  /** espeak-ng's voices all speak at 22.05 kHz mono (the WAV header of each sentence says so too). */
  @Override
  public PcmFormat expectedFormat() {
    return new PcmFormat(22050, 1);
  }

  @Override
  public void synthesize(String text, AudioReceiver out, Cancellation cancel) {
    if (cancel.isCancelled()) {
      return;
    }
    Process process;
    try {
      process = take();
    } catch (IOException e) {
      throw new SynthesisException("cannot run " + settings.espeakBinary() + ": " + e.getMessage(), e);
    }
    Runnable kill = process::destroyForcibly;
    cancel.onCancel(kill);
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
        stdin.write('\n');
      } catch (IOException e) {
        if (!cancel.isCancelled()) {
          throw failure(process, "lost its input: " + e.getMessage());
        }
        return;
      }
      try (InputStream stdout = process.getInputStream()) {
        PcmFormat format;
        try {
          format = Pcm.readWavHeader(stdout);
        } catch (IOException e) {
          if (cancel.isCancelled()) {
            return;
          }
          int status = waitFor(process);
          throw failure(process, status != 0
              ? "exited with status " + status + describeSignal(status) + " before any audio"
              : "produced no audio (" + (e.getMessage() == null ? "empty output" : e.getMessage()) + ")");
        }
        out.format(format);
        byte[] block = new byte[BLOCK];
        int carry = 0; // an odd byte waits for its partner so blocks hold whole samples
        int n;
        while (!cancel.isCancelled() && (n = stdout.read(block, carry, block.length - carry)) > 0) {
          int total = carry + n;
          int whole = total - total % format.frameBytes();
          if (whole > 0) {
            out.pcm(block, 0, whole);
          }
          carry = total - whole;
          System.arraycopy(block, whole, block, 0, carry);
        }
      } catch (IOException e) {
        if (!cancel.isCancelled()) {
          throw failure(process, "stopped streaming: " + e.getMessage());
        }
        return;
      }
      if (cancel.isCancelled()) {
        return;
      }
      int status = waitFor(process);
      if (status != 0) {
        throw failure(process, "exited with status " + status + describeSignal(status));
      }
    } finally {
      cancel.remove(kill);
      process.destroyForcibly();
      prepareSpare();
    }
  }

  private static int waitFor(Process process) {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }

  private static String describeSignal(int status) {
    return status > 128 && status < 160 ? " (killed by signal " + (status - 128) + ")" : "";
  }

  private SynthesisException failure(Process process, String what) {
    String stderr = "";
    try {
      if (!process.isAlive() || process.waitFor(200, TimeUnit.MILLISECONDS)) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        process.getErrorStream().transferTo(err);
        stderr = err.toString(StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      // stderr is only extra detail
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stderr.length() > 300) {
      stderr = stderr.substring(0, 300) + "…";
    }
    return new SynthesisException(settings.espeakBinary() + " " + what + (stderr.isEmpty() ? "" : ": " + stderr));
  }

  @Override
  public void close() {
    Process p;
    synchronized (this) {
      closed = true;
      p = spare;
      spare = null;
    }
    if (p != null) {
      p.destroyForcibly();
    }
  }
}
