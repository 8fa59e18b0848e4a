package dev.voicebridge.wake;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.SampleChunker;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link WakeWordDetector} over a stream: re-blocks the frames to the engine's size, applies the
 * threshold and the refractory period (one utterance of the wake word gives one detection), and the echo
 * guard (while suppressed, the stream is still scored so the engine's state follows the audio, but nothing
 * is reported).
 */
public final class WakeWordSpotter {

  /** A detection: what, how sure, and where it fired (end of the block that crossed the threshold). */
  public record Detection(String keyword, double score, long atSample, String engine) {
    public long atMs() {
      return PcmSamples.samplesToMs(atSample);
    }
  }

  private final WakeWordDetector detector;
  private final double threshold;
  private final long refractorySamples;
  private final SampleChunker chunker;
  private long quietUntil = Long.MIN_VALUE;
  private boolean suppressed;
  private long suppressedUntil = Long.MIN_VALUE;
  private long position;

  public WakeWordSpotter(WakeWordDetector detector, double threshold, int refractoryMs) {
    this.detector = detector;
    this.threshold = threshold;
    this.refractorySamples = PcmSamples.msToSamples(refractoryMs);
    this.chunker = new SampleChunker(detector.frameSamples());
  }

  public WakeWordDetector detector() {
    return detector;
  }

  /** Echo guard on (the bridge is speaking). */
  public void suppress() {
    suppressed = true;
  }

  /** Echo guard off, after a tail for what is still in the speaker's buffer. */
  public void release(int tailMs) {
    suppressed = false;
    suppressedUntil = position + PcmSamples.msToSamples(tailMs);
  }

  public List<Detection> push(short[] samples, long startSample) {
    List<Detection> found = new ArrayList<>();
    chunker.push(samples, startSample, (block, start) -> {
      float score = detector.score(block);
      long end = start + block.length;
      position = end;
      if (score >= threshold && end >= quietUntil && !suppressed && end >= suppressedUntil) {
        found.add(new Detection(detector.keyword(), score, end, detector.engine()));
        quietUntil = end + refractorySamples;
      }
    });
    return found;
  }

  /** All detections in a whole clip (commands, tests, benchmarks). */
  public static List<Detection> scan(WakeWordDetector detector, short[] pcm, double threshold, int refractoryMs) {
    return new WakeWordSpotter(detector, threshold, refractoryMs).push(pcm, 0);
  }
}
