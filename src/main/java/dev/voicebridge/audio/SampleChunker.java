package dev.voicebridge.audio;

/**
 * Re-buffers a stream of frames into the fixed block size a model needs (512 samples for Silero, 1280 for
 * openWakeWord...), keeping track of where each block starts. A gap in the stream (a frame that does not
 * follow the previous one) drops the partial block, so positions stay exact.
 */
public final class SampleChunker {

  /** Receives each complete block; the array is reused, so copy it to keep it. */
  public interface BlockHandler {
    void block(short[] block, long startSample);
  }

  private final short[] block;
  private int filled;
  private long blockStart = -1;

  public SampleChunker(int blockSamples) {
    this.block = new short[blockSamples];
  }

  public void push(short[] samples, long startSample, BlockHandler handler) {
    if (blockStart >= 0 && startSample != blockStart + filled) {
      filled = 0;
      blockStart = startSample;
    }
    if (blockStart < 0 || filled == 0) {
      blockStart = startSample;
    }
    int i = 0;
    while (i < samples.length) {
      int n = Math.min(block.length - filled, samples.length - i);
      System.arraycopy(samples, i, block, filled, n);
      filled += n;
      i += n;
      if (filled == block.length) {
        handler.block(block, blockStart);
        blockStart += block.length;
        filled = 0;
      }
    }
  }
}
