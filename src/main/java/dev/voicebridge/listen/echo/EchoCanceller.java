package dev.voicebridge.listen.echo;

/**
 * Removes the echo of the speaker from the microphone signal, one frame at a time: {@code mic} and
 * {@code reference} (what the speaker played, aligned with the capture) in, the cleaned signal out.
 */
interface EchoCanceller extends AutoCloseable {

  String name();

  /** Samples per call. */
  int frameSamples();

  /** How many samples later than its input the output comes out (speexdsp's preprocessor: one frame). */
  int delaySamples();

  void cancel(short[] mic, short[] reference, short[] out);

  /** Forget the learnt echo path (after the playback device changed). */
  void reset();

  @Override
  void close();
}
