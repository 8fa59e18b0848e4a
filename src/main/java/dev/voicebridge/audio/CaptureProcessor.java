package dev.voicebridge.audio;

import io.vertx.core.Vertx;

/**
 * Work done on captured audio before it is published as {@code audio.frame}: echo cancellation. The
 * capture thread calls {@link #process} for every block read, in order; the processor hands the frames to
 * publish (possibly later, possibly fewer or more than it was given) to {@link Output}. Positions stay
 * exact: a processor that delays the audio publishes it under the position it was captured at.
 */
public interface CaptureProcessor extends AutoCloseable {

  /** Where processed frames go: the capture verticle publishes them. */
  interface Output {
    void frame(short[] samples, int count, long startSample, double echoDb);
  }

  /** Does nothing: frames are published as captured. */
  CaptureProcessor NONE = new CaptureProcessor() {
    @Override
    public void process(short[] samples, int count, long startSample, long readNanos, Output out) {
      out.frame(samples, count, startSample, Double.NaN);
    }

    @Override
    public void flush(Output out) {
    }
  };

  /** Called once from the capture verticle's start, on its context (to listen to the bus). */
  default void start(Vertx vertx) {
  }

  /**
   * One block of {@code count} samples captured at {@code startSample}; {@code readNanos} is
   * {@link System#nanoTime()} when its last sample was read.
   */
  void process(short[] samples, int count, long startSample, long readNanos, Output out);

  /** The input ended: publish whatever is held back. */
  void flush(Output out);

  @Override
  default void close() {
  }
}
