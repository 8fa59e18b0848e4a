package dev.voicebridge.listen;

import dev.voicebridge.bus.SpeechOutMessages;
import dev.voicebridge.vad.VadSettings;

/**
 * Whether, and how long, the bridge listens without the wake word once it has finished speaking: after a
 * reply the user often has more to say ("and tomorrow?"), longer when the reply ended with a question; not
 * after an announcement (nobody asked for it), nor after speech that was interrupted (the user is already
 * talking). Pure.
 *
 * @param windowMs how long after a reply (0: never)
 * @param afterQuestionMs how long after a reply that ended with a question
 */
public record FollowUp(int windowMs, int afterQuestionMs) {

  public static FollowUp from(VadSettings vad) {
    return new FollowUp(vad.followUpMs(), vad.followUpAfterQuestionMs());
  }

  /**
   * How long to listen after run {@code runId} was spoken to its end, its last sentence being {@code
   * lastSentence} (null: not known); 0 for none.
   */
  public int windowMs(String runId, String lastSentence) {
    if (windowMs <= 0 || runId == null || runId.startsWith(SpeechOutMessages.ANNOUNCEMENT_RUN_PREFIX)) {
      return 0;
    }
    boolean question = lastSentence != null && lastSentence.strip().endsWith("?");
    return question ? Math.max(windowMs, afterQuestionMs) : windowMs;
  }
}
