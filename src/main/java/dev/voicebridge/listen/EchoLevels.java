package dev.voicebridge.listen;

import dev.voicebridge.audio.AudioFrames;
import java.util.ArrayDeque;

/**
 * The residual echo level of recent frames ({@code audio.frame} header {@code echoDb}), for the VAD blocks
 * cut from them: a block gets the highest level of the frames it overlaps, NaN when none had echo.
 */
final class EchoLevels {

  private static final int KEEP = 32;

  private record Span(long start, long end, double echoDb) {
  }

  private final ArrayDeque<Span> recent = new ArrayDeque<>();

  void add(AudioFrames.Frame frame) {
    recent.addLast(new Span(frame.startSample(), frame.endSample(), frame.echoDb()));
    while (recent.size() > KEEP) {
      recent.removeFirst();
    }
  }

  double max(long from, long to) {
    double max = Double.NaN;
    for (Span s : recent) {
      if (s.end() > from && s.start() < to && !Double.isNaN(s.echoDb())) {
        max = Double.isNaN(max) ? s.echoDb() : Math.max(max, s.echoDb());
      }
    }
    return max;
  }
}
