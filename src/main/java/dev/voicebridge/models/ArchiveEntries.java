package dev.voicebridge.models;

import dev.voicebridge.base.InputStreams;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the regular files of a {@code .tgz} (npm tarballs: ustar, maybe with pax headers) or a zip
 * ({@code .aar}) archive, handing each to a visitor with a stream of its bytes. Only what the installer
 * needs; links, devices and directories are skipped.
 */
final class ArchiveEntries {

  /** Called for each regular file; may read {@code data} (at most {@code size} bytes) or ignore it. */
  interface Visitor {
    void file(String name, long size, InputStream data) throws IOException;
  }

  private ArchiveEntries() {
  }

  static void forEach(Path archive, Visitor visitor) throws IOException {
    String name = archive.getFileName().toString();
    if (name.endsWith(".tgz") || name.endsWith(".tar.gz")) {
      readTarGz(archive, visitor);
    } else {
      readZip(archive, visitor);
    }
  }

  private static void readZip(Path archive, Visitor visitor) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (!e.isDirectory()) {
          try (InputStream in = zip.getInputStream(e)) {
            visitor.file(e.getName(), e.getSize(), in);
          }
        }
      }
    }
  }

  private static void readTarGz(Path archive, Visitor visitor) throws IOException {
    try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
      byte[] header = new byte[512];
      String paxPath = null;
      while (true) {
        if (!readFully(in, header)) {
          return;
        }
        if (isZeroBlock(header)) {
          return;
        }
        String entryName = text(header, 0, 100);
        String prefix = text(header, 345, 155);
        if (!prefix.isEmpty()) {
          entryName = prefix + "/" + entryName;
        }
        long size = octal(header, 124, 12);
        char type = (char) header[156];
        long padded = (size + 511) / 512 * 512;
        if (type == 'x') {
          byte[] pax = in.readNBytes((int) size);
          skip(in, padded - size);
          paxPath = paxValue(new String(pax, StandardCharsets.UTF_8), "path");
          continue;
        }
        if (paxPath != null) {
          entryName = paxPath;
          paxPath = null;
        }
        if (type == '0' || type == 0) {
          BoundedInputStream data = new BoundedInputStream(in, size);
          visitor.file(entryName, size, data);
          skip(in, data.remaining() + (padded - size));
        } else {
          skip(in, padded);
        }
      }
    }
  }

  private static String paxValue(String records, String key) {
    for (String line : records.split("\n")) {
      int space = line.indexOf(' ');
      int eq = line.indexOf('=');
      if (space > 0 && eq > space && line.substring(space + 1, eq).equals(key)) {
        return line.substring(eq + 1);
      }
    }
    return null;
  }

  private static boolean readFully(InputStream in, byte[] buf) throws IOException {
    int off = 0;
    while (off < buf.length) {
      int n = in.read(buf, off, buf.length - off);
      if (n < 0) {
        if (off == 0) {
          return false;
        }
        throw new EOFException("truncated tar archive");
      }
      off += n;
    }
    return true;
  }

  private static void skip(InputStream in, long n) throws IOException {
    if (!InputStreams.skipFully(in, n)) {
      throw new EOFException("truncated tar archive");
    }
  }

  private static boolean isZeroBlock(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    String s = text(b, off, len).trim();
    return s.isEmpty() ? 0 : Long.parseLong(s, 8);
  }

  /** A view of the next {@code size} bytes of a stream that never reads past them and never closes the source. */
  private static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedInputStream(InputStream in, long size) {
      this.in = in;
      this.remaining = size;
    }

    long remaining() {
      return remaining;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() {
      // the tar stream goes on with the next entry
    }
  }
}
