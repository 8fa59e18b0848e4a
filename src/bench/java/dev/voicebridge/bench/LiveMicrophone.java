package dev.voicebridge.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * A microphone for a bridge that reads raw PCM ({@code audio.input.source stdin}): 20 ms of 16 kHz PCM16 LE
 * every 20 ms, in real time — silence, or the words {@link #say} queued — so that what the bridge hears
 * happens when a test or benchmark decides, as a person speaking would.
 */
public final class LiveMicrophone extends Thread {

  private static final int CHUNK = 320; // 20 ms at 16 kHz
  private final OutputStream out;
  private final ArrayDeque<short[]> queue = new ArrayDeque<>();
  private final Object spoken = new Object();
  private long lastWordWrittenAt;
  private long wordsWritten;

  public LiveMicrophone(OutputStream out) {
    super("live-microphone");
    setDaemon(true);
    this.out = out;
  }

  /**
   * Speaks {@code pcm} (16 kHz mono) next; returns once its last sample has been handed to the bridge, with
   * that moment ({@link System#nanoTime()}): the end of the words.
   */
  public long say(short[] pcm) throws InterruptedException {
    synchronized (spoken) {
      long target;
      synchronized (this) {
        for (int i = 0; i < pcm.length; i += CHUNK) {
          short[] c = new short[CHUNK];
          System.arraycopy(pcm, i, c, 0, Math.min(CHUNK, pcm.length - i));
          queue.add(c);
        }
        target = wordsWritten + (pcm.length + CHUNK - 1) / CHUNK;
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (wordsWritten < target && System.nanoTime() < deadline) {
        spoken.wait(1000);
      }
      return lastWordWrittenAt;
    }
  }

  @Override
  public void run() {
    byte[] bytes = new byte[CHUNK * 2];
    long next = System.nanoTime();
    try {
      while (!isInterrupted()) {
        short[] c;
        synchronized (this) {
          c = queue.poll();
        }
        boolean word = c != null;
        if (!word) {
          c = new short[CHUNK];
        }
        for (int i = 0; i < CHUNK; i++) {
          bytes[2 * i] = (byte) c[i];
          bytes[2 * i + 1] = (byte) (c[i] >> 8);
        }
        out.write(bytes);
        out.flush();
        if (word) {
          synchronized (spoken) {
            wordsWritten++;
            lastWordWrittenAt = System.nanoTime();
            spoken.notifyAll();
          }
        }
        next += 20_000_000L;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
    } catch (IOException | InterruptedException e) {
      // the bridge stopped reading, or the microphone was switched off
    }
  }
}
