package dev.voicebridge.tts;

import dev.voicebridge.audio.PcmFormat;

/**
 * A speech engine: turns one sentence into PCM, handing blocks to the receiver as soon as the engine
 * produces them (espeak-ng streams; FreeTTS delivers per utterance). Called from one thread at a time;
 * blocking, so never on an event loop.
 */
public interface Synthesizer extends AutoCloseable {

  /** The engine's name as configured: espeak or freetts. */
  String name();

  /** The format its audio comes in, so a speaker can be opened before the first sentence. */
  PcmFormat expectedFormat();

  /**
   * Synthesises {@code text}. Returns early, without error, when {@code cancel} fires.
   *
   * @throws SynthesisException when the engine fails (the message says how)
   */
  void synthesize(String text, AudioReceiver out, Cancellation cancel);

  @Override
  void close();
}
