package dev.voicebridge.metrics;

import dev.voicebridge.bus.SessionMessages.TranscriptIgnored;

/**
 * Whether an ignored transcript was most likely the device interrupting itself: the user was taken to talk
 * over the reply (a barge-in), and then there was nothing to recognise, or only words the device itself had
 * just said. A person who talks over the device says something of their own (or a stop phrase, which is
 * counted as meant). The count is what tells a user their echo cancellation or barge-in level needs care.
 */
final class SelfInterruption {

  private SelfInterruption() {
  }

  static boolean suspected(TranscriptIgnored ignored) {
    return "barge_in".equals(ignored.trigger())
        && ("empty".equals(ignored.reason()) || "own_words".equals(ignored.reason()));
  }
}
