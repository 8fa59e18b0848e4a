package dev.voicebridge.bus;

/** Messages of the speech-out side: filtered sentences and the synthesiser's progress. */
public final class SpeechOutMessages {

  private SpeechOutMessages() {
  }

  /** {@code speech.say} (publish): one speakable sentence of a run, {@code seq} from 0 in speaking order. */
  public record SpeechSay(String runId, int seq, String text) {
    public SpeechSay {
      Require.present(text, "text");
    }
  }

  /** {@code tts.stop} (publish): stop speaking now; with a runId only that run's speech. */
  public record TtsStop(String runId, String reason) {
  }

  /** {@code tts.started} (publish): the first audio of a run went to the sink. */
  public record TtsStarted(String runId) {
  }

  /** {@code tts.finished} (publish): the last sentence of a run was played. */
  public record TtsFinished(String runId, int spokenSentences) {
  }

  /** {@code tts.interrupted} (publish): a run's speech was stopped before its end. */
  public record TtsInterrupted(String runId, int spokenSentences) {
  }
}
