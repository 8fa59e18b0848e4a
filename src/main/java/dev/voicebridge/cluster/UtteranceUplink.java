package dev.voicebridge.cluster;

import dev.voicebridge.audio.AudioFrames.Frame;
import dev.voicebridge.audio.AudioHistory;
import dev.voicebridge.audio.PcmSamples;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which of a satellite's audio goes to the hub: only an open utterance's. The microphone's audio
 * is kept here for a few seconds and goes nowhere until the listener opens an utterance
 * ({@code speech.start}, after the wake word or in a follow-up window); then its pre-roll — from where the
 * speech began, a moment before it was detected — goes at once, followed by every frame as it is heard,
 * until {@code speech.end}. Between utterances nothing leaves the satellite, so an idle room sends no
 * audio bytes at all. Pure: the satellite link sends what it returns.
 */
public final class UtteranceUplink {

  /** Audio kept for the pre-roll: more than any listener's pre-roll. */
  static final int HISTORY_SECONDS = 5;
  /** Pre-roll goes in pieces of at most this long, as frames do. */
  static final int CHUNK_MS = 100;

  /** A piece of audio to send: its samples and the position of the first. */
  public record Chunk(short[] samples, long startSample) {
  }

  private final AudioHistory history = new AudioHistory(PcmSamples.RATE * HISTORY_SECONDS);
  private boolean open;
  private long sentUntil;

  /** A frame was heard: what of it to send now (nothing unless an utterance is open). */
  public List<Chunk> heard(Frame frame) {
    history.append(frame.samples(), frame.startSample());
    if (!open) {
      return List.of();
    }
    return upTo(history.end());
  }

  /** An utterance opened, its speech beginning at {@code audioStartMs}: its audio so far, to send before the start. */
  public List<Chunk> opened(long audioStartMs) {
    open = true;
    sentUntil = Math.max(history.start(), PcmSamples.msToSamples(audioStartMs));
    return upTo(history.end());
  }

  /** The utterance ended: nothing more is sent until the next opens. */
  public void closed() {
    open = false;
  }

  public boolean open() {
    return open;
  }

  private List<Chunk> upTo(long end) {
    List<Chunk> out = new ArrayList<>();
    long chunk = PcmSamples.msToSamples(CHUNK_MS);
    while (sentUntil < end) {
      long to = Math.min(end, sentUntil + chunk);
      short[] samples = history.range(sentUntil, to);
      if (samples.length == 0) {
        break;
      }
      out.add(new Chunk(samples, sentUntil));
      sentUntil += samples.length;
    }
    return out;
  }
}
