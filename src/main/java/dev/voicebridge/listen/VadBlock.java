package dev.voicebridge.listen;

/**
 * One VAD decision: {@code length} samples from {@code start}, the speech probability, the block's level and
 * the estimated level of the bridge's own voice left in it after echo cancellation (NaN: nothing to go by).
 */
record VadBlock(long start, int length, float probability, double levelDb, double echoDb) {

  long end() {
    return start + length;
  }
}
