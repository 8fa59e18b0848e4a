package dev.voicebridge.audio;

import dev.voicebridge.base.InputStreams;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The header of a RIFF/WAVE stream, read chunk by chunk up to the start of its audio data (chunks other
 * than {@code fmt } are skipped): the one WAV parser, for whole files ({@link WavDecoder}) and for streams
 * whose length is not known yet ({@code espeak-ng --stdout}, {@link Pcm#readWavHeader}).
 *
 * @param format the format tag (1 PCM, 3 float; the sub-format's for WAVE_FORMAT_EXTENSIBLE)
 * @param dataOffset bytes read before the audio data
 * @param dataLength the data chunk's declared size (a streaming writer may put a placeholder there)
 */
public record WavHeader(int format, int channels, int sampleRate, int bits, int blockAlign, long dataOffset,
    long dataLength) {

  static final int FORMAT_EXTENSIBLE = 0xFFFE;

  /** A stream that is not a WAV, or a damaged one; the message names {@code name} and what is wrong. */
  public static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }

  /** Reads up to the first byte of audio data; {@code name} goes into the messages. */
  public static WavHeader read(InputStream in, String name) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] riff = new byte[12];
    if (!readFully(d, riff) || !tag(riff, 0, "RIFF") || !tag(riff, 8, "WAVE")) {
      throw new Malformed(name + " is not a WAV file (no RIFF/WAVE header)");
    }
    long offset = 12;
    int format = -1;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    int blockAlign = 0;
    byte[] head = new byte[8];
    while (readFully(d, head)) {
      String id = new String(head, 0, 4, StandardCharsets.US_ASCII);
      long size = Integer.toUnsignedLong(ByteBuffer.wrap(head, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
      offset += 8;
      if (id.equals("data")) {
        if (format < 0) {
          throw new Malformed(name + " is a damaged WAV file (no fmt chunk before the audio data)");
        }
        return new WavHeader(format, channels, rate, bits, blockAlign, offset, size);
      }
      if (id.equals("fmt ")) {
        byte[] fmt = new byte[(int) Math.min(size, 1 << 16)];
        if (size < 16 || !readFully(d, fmt)) {
          throw new Malformed(name + " is a damaged WAV file (its fmt chunk is too short)");
        }
        ByteBuffer f = ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN);
        format = Short.toUnsignedInt(f.getShort(0));
        channels = Short.toUnsignedInt(f.getShort(2));
        rate = f.getInt(4);
        blockAlign = Short.toUnsignedInt(f.getShort(12));
        bits = Short.toUnsignedInt(f.getShort(14));
        if (format == FORMAT_EXTENSIBLE && size >= 40) {
          format = Short.toUnsignedInt(f.getShort(24)); // first two bytes of the sub-format GUID
        }
        skip(d, size - fmt.length + (size & 1));
      } else {
        skip(d, size + (size & 1));
      }
      offset += size + (size & 1);
    }
    if (format < 0) {
      throw new Malformed(name + " is a damaged WAV file (no fmt chunk before the audio data)");
    }
    throw new Malformed(name + " is a damaged WAV file (no data chunk)");
  }

  /** Fills {@code b}; false at the end of the stream (also part-way: what is left is not a whole field). */
  private static boolean readFully(DataInputStream d, byte[] b) throws IOException {
    try {
      d.readFully(b);
      return true;
    } catch (EOFException e) {
      return false;
    }
  }

  /** Skips a chunk's body; a stream that ends inside it ends the walk (the next read finds the end). */
  private static void skip(DataInputStream d, long n) throws IOException {
    InputStreams.skipFully(d, n);
  }

  private static boolean tag(byte[] bytes, int at, String tag) {
    for (int i = 0; i < 4; i++) {
      if (bytes[at + i] != tag.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
