package dev.voicebridge.tts;

import dev.voicebridge.audio.PcmFormat;

/** Receives a synthesiser's output as it is produced: the format once, then PCM blocks in order. */
public interface AudioReceiver {

  void format(PcmFormat format);

  void pcm(byte[] data, int off, int len);
}
