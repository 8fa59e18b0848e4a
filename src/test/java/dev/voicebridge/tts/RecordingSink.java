package dev.voicebridge.tts;

import dev.voicebridge.audio.AudioSink;
import dev.voicebridge.audio.NullSink;
import dev.voicebridge.audio.PcmFormat;
import java.util.concurrent.atomic.AtomicLong;

/** A real-time null sink that counts what it is handed, so tests can see when audio stops arriving. */
class RecordingSink implements AudioSink {

  private final NullSink device = new NullSink(true);
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong writes = new AtomicLong();
  volatile PcmFormat format;

  @Override
  public String describe() {
    return "recording sink";
  }

  @Override
  public void begin(PcmFormat f) {
    format = f;
    device.begin(f);
  }

  @Override
  public void write(byte[] pcm, int off, int len) {
    bytes.addAndGet(len);
    writes.incrementAndGet();
    device.write(pcm, off, len);
  }

  @Override
  public void drain() {
    device.drain();
  }

  @Override
  public void abort() {
    device.abort();
  }

  @Override
  public void close() {
    device.close();
  }
}
