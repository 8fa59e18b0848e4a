package dev.voicebridge.listen;

import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.vad.VadSettings;

/**
 * While the bridge speaks, and for {@code vad.echoTailMs} after, the microphone hears the bridge: this tells
 * the user's voice from that echo and decides when the user is talking over the bridge (a barge-in). Pure,
 * in audio time; the {@link Endpointer} asks it and carries out what it decides.
 */
final class EchoGuard {

  /** Blocks of the user's own voice a wake phrase during playback must contain (about 100 ms). */
  private static final int WAKE_NEAR_END_BLOCKS = 3;
  /** A gap in the user's voice longer than a comma: a barge-in being counted starts over. */
  private static final long BARGE_GAP_SAMPLES = PcmSamples.msToSamples(150);

  private final VadSettings s;
  private boolean playing;
  private String runId;
  private long guardUntil = -1;
  private long bargeStart = -1;
  private long bargeSpeech;

  EchoGuard(VadSettings settings) {
    this.s = settings;
  }

  /** tts.started: the bridge speaks. */
  void started(String playbackRunId) {
    playing = true;
    runId = playbackRunId;
    forgetBargeIn();
  }

  /** Speech ended at sample {@code position}: the guard holds for the echo tail, unless it was interrupted. */
  void ended(long position, boolean interrupted) {
    playing = false;
    guardUntil = interrupted ? -1 : position + PcmSamples.msToSamples(s.echoTailMs());
    forgetBargeIn();
  }

  boolean playing() {
    return playing;
  }

  /** The run being spoken (for the interrupt that stops it). */
  String runId() {
    return runId;
  }

  /** Whether what the microphone hears at {@code position} may be the bridge's own voice. */
  boolean guarded(long position) {
    return playing || position < guardUntil;
  }

  /** Speech during playback that is the user, not the bridge's echo. */
  boolean userSpeech(VadBlock b) {
    if (b.probability() < s.bargeInThreshold()) {
      return false;
    }
    // Without an estimate of the echo left (no canceller), loudness alone must tell the user apart.
    return Double.isNaN(b.echoDb()) ? b.levelDb() >= s.bargeInLevelNoEchoEstimateDb()
        : b.levelDb() >= s.bargeInLevelDb() && b.levelDb() >= b.echoDb() + s.bargeInEchoMarginDb();
  }

  /** Whether the user's own voice, over the echo, is in the phrase of {@code recent} blocks that ended at {@code at}. */
  boolean userSpokeBefore(Iterable<VadBlock> recent, long at) {
    int blocks = 0;
    for (VadBlock b : recent) {
      if (b.start() < at && b.start() >= at - PcmSamples.msToSamples(1200) && userSpeech(b)) {
        blocks++;
      }
    }
    return blocks >= WAKE_NEAR_END_BLOCKS;
  }

  /**
   * Counts block {@code b} towards a barge-in: the user's voice adding up to {@code vad.bargeInMinMs}, with
   * gaps under 150 ms, while the bridge speaks. Returns where the barge-in began once decided, else -1.
   */
  long bargeIn(VadBlock b) {
    if (!playing) {
      return -1; // the echo tail only suppresses; barge-in is for while the bridge speaks
    }
    if (userSpeech(b)) {
      if (bargeStart < 0) {
        bargeStart = b.start();
        bargeSpeech = 0;
      }
      bargeSpeech += b.length();
      return bargeSpeech >= PcmSamples.msToSamples(s.bargeInMinMs()) ? bargeStart : -1;
    }
    if (bargeStart >= 0 && b.end() - bargeStart - bargeSpeech > BARGE_GAP_SAMPLES) {
      forgetBargeIn();
    }
    return -1;
  }

  void forgetBargeIn() {
    bargeStart = -1;
    bargeSpeech = 0;
  }
}
