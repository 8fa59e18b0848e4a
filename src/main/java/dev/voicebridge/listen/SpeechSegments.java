package dev.voicebridge.listen;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.SampleChunker;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;

/** The utterances of a whole clip, found by the same {@link Endpointer} the bridge uses, always listening. */
public final class SpeechSegments {

  /** One utterance: speech start and end, where its audio for STT starts, and why it ended. */
  public record Segment(long startMs, long endMs, long audioStartMs, String reason) {
  }

  private SpeechSegments() {
  }

  public static List<Segment> find(short[] pcm, VoiceActivityDetector vad, VadSettings settings) {
    List<Segment> out = new ArrayList<>();
    long[] audioStart = {0};
    Endpointer endpointer = new Endpointer(settings, Endpointer.Mode.ALWAYS, new Endpointer.Events() {
      @Override
      public void speechStart(SpeechStart start) {
        audioStart[0] = start.audioStartMs();
      }

      @Override
      public void speechEnd(SpeechEnd end) {
        out.add(new Segment(end.startMs(), end.endMs(), audioStart[0], end.reason()));
      }

      @Override
      public void interrupt(BridgeInterrupt interrupt) {
        // no playback here
      }
    });
    vad.reset();
    new SampleChunker(vad.frameSamples()).push(pcm, 0, (block, start) -> endpointer.block(start, block.length,
        vad.speechProbability(block), PcmSamples.rmsDbfs(block, 0, block.length)));
    endpointer.endOfInput();
    return out;
  }
}
