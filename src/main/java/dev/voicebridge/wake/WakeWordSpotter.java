package dev.voicebridge.wake;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.SampleChunker;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a {@link WakeWordDetector} over a stream: re-blocks the frames to the engine's size, applies the
 * threshold and the refractory period (one utterance of the wake word gives one detection). Whether a
 * detection during the bridge's own speech is the user's is the endpointer's call (it knows the echo).
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

  public WakeWordSpotter(WakeWordDetector detector, double threshold, int refractoryMs) {
    this.detector = detector;
    this.threshold = threshold;
    this.refractorySamples = PcmSamples.msToSamples(refractoryMs);
    this.chunker = new SampleChunker(detector.frameSamples());
  }

  public WakeWordDetector detector() {
    return detector;
  }

  public List<Detection> push(short[] samples, long startSample) {
    List<Detection> found = new ArrayList<>();
    chunker.push(samples, startSample, (block, start) -> {
      float score = detector.score(block);
      long end = start + block.length - (score >= threshold ? detector.lateSamples() : 0);
      if (score >= threshold && end >= quietUntil) {
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
