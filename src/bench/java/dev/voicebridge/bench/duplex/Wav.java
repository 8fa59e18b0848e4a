package dev.voicebridge.bench.duplex;

import dev.voicebridge.audio.Pcm;
import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.audio.PcmSamples;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a recording (float samples on the PCM16 scale, 16 kHz mono) as a WAV file, for listening to a run. */
final class Wav {

  private Wav() {
  }

  static void write(Path file, float[] samples) throws IOException {
    short[] pcm = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i])));
    }
    byte[] data = PcmSamples.toLittleEndian(pcm, 0, pcm.length);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(Pcm.wavHeader(new PcmFormat(PcmSamples.RATE, 1), data.length));
      out.write(data);
    }
  }
}
