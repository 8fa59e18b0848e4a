package dev.voicebridge.wake;

/**
 * A wake-word engine: scores each block of 16 kHz mono PCM16 with how sure it is that the wake word has
 * just been said. Engines without a score (Porcupine, the Vosk phrase) give 1 on a detection, else 0, so
 * one threshold and one refractory rule ({@link WakeWordSpotter}) serve them all.
 */
public interface WakeWordDetector extends AutoCloseable {

  /** openwakeword, porcupine or vosk. */
  String engine();

  /** What it listens for, e.g. hey_jarvis or "hey computer". */
  String keyword();

  /** The block size {@link #score} takes, in samples. */
  int frameSamples();

  /** Score in [0, 1] for the stream up to the end of {@code frame} ({@link #frameSamples()} samples). */
  float score(short[] frame);

  /**
   * How many samples before the end of the block just scored the detection it reported really ended: 0
   * for engines that score as they go; a two-stage engine that confirms a candidate later says how much.
   */
  default long lateSamples() {
    return 0;
  }

  @Override
  void close();
}
