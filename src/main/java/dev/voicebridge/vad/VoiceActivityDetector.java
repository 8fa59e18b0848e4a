package dev.voicebridge.vad;

/** Scores blocks of 16 kHz mono PCM16 with the probability that they contain speech. */
public interface VoiceActivityDetector extends AutoCloseable {

  /** "silero" or "energy". */
  String name();

  /** The block size {@link #speechProbability} takes, in samples. */
  int frameSamples();

  /** Probability in [0, 1] that {@code frame} (exactly {@link #frameSamples()} samples) is speech. */
  float speechProbability(short[] frame);

  /** Forgets the stream so far (models with state). */
  void reset();

  @Override
  void close();
}
