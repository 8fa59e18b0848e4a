package dev.voicebridge.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes speech to a WAV file as fast as it is synthesised. The header's lengths are brought up to date
 * at every {@link #drain} (the end of each reply), so the file is a valid WAV whenever nothing is being
 * spoken, even if the bridge is killed later.
 */
public final class WavFileSink implements AudioSink {

  private final Path file;
  private RandomAccessFile out;
  private PcmFormat format;
  private long dataBytes;

  public WavFileSink(Path file) {
    this.file = file;
  }

  @Override
  public String describe() {
    return "WAV file " + file;
  }

  @Override
  public synchronized void begin(PcmFormat wanted) {
    if (out != null) {
      if (!wanted.equals(format)) {
        throw new AudioSinkException("cannot append " + wanted + " audio to " + file + ", which holds " + format);
      }
      return;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      out = new RandomAccessFile(file.toFile(), "rw");
      out.setLength(0);
      out.write(Pcm.wavHeader(wanted, 0));
      format = wanted;
      dataBytes = 0;
    } catch (IOException e) {
      throw new AudioSinkException("cannot write " + file + ": " + e.getMessage()
          + " (set audio.output.file to a writable path)", e);
    }
  }

  @Override
  public synchronized void write(byte[] pcm, int off, int len) {
    if (out == null) {
      return;
    }
    try {
      out.write(pcm, off, len);
      dataBytes += len;
    } catch (IOException e) {
      throw new AudioSinkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void drain() {
    updateHeader();
  }

  @Override
  public void abort() {
    // nothing is buffered: what was written stays, the player writes no more of the run
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      updateHeader();
      try {
        out.close();
      } catch (IOException e) {
        throw new AudioSinkException("cannot close " + file + ": " + e.getMessage(), e);
      }
      out = null;
    }
  }

  private void updateHeader() {
    if (out == null) {
      return;
    }
    try {
      long end = out.getFilePointer();
      out.seek(0);
      out.write(Pcm.wavHeader(format, dataBytes));
      out.seek(end);
    } catch (IOException e) {
      throw new AudioSinkException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
