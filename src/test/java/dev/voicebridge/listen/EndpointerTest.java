package dev.voicebridge.listen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.vad.VadSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The endpointing rules on scripted VAD decisions (32 ms blocks), where every case can be made exactly:
 * short bursts, the length cap, the no-speech timeout, the pre-roll floor at the wake word, and the echo
 * guard with barge-in.
 */
class EndpointerTest {

  private static final int BLOCK = 512; // 32 ms
  private final VadSettings settings = VadSettings.from(BridgeConfig.defaults());
  private final List<String> events = new ArrayList<>();
  private int ids;
  private long at;

  private Endpointer endpointer(Endpointer.Mode mode) {
    return new Endpointer(settings, mode, new Endpointer.Events() {
      @Override
      public void speechStart(SpeechStart s) {
        events.add("start " + s.utteranceId() + " " + s.startMs() + " audio " + s.audioStartMs()
            + (s.trigger().equals(Endpointer.ALWAYS_LISTENING) ? "" : " by " + s.trigger()));
      }

      @Override
      public void speechEnd(SpeechEnd e) {
        events.add("end " + e.utteranceId() + " " + e.startMs() + "-" + e.endMs() + " " + e.reason());
      }

      @Override
      public void interrupt(BridgeInterrupt i) {
        events.add("interrupt " + i.reason() + " " + i.runId());
      }
    }, () -> "u" + (++ids));
  }

  /** {@code ms} of blocks with this probability and level. */
  private void feed(Endpointer e, int ms, float probability, double levelDb) {
    blocks(ms, start -> e.block(start, BLOCK, probability, levelDb));
  }

  /** {@code ms} of blocks with echo left in them at {@code echoDb} (the canceller's residual estimate). */
  private void feed(Endpointer e, int ms, float probability, double levelDb, double echoDb) {
    blocks(ms, start -> e.block(start, BLOCK, probability, levelDb, echoDb));
  }

  /** One {@link #BLOCK} per 32 ms of {@code ms}, each given its start; the clock moves on past them. */
  private void blocks(int ms, LongConsumer block) {
    for (int n = 0; n < ms / 32; n++) {
      block.accept(at);
      at += BLOCK;
    }
  }

  private void speech(Endpointer e, int ms) {
    feed(e, ms, 0.95f, -20);
  }

  private void silence(Endpointer e, int ms) {
    feed(e, ms, 0.02f, -70);
  }

  @Test
  void alwaysListeningCutsUtterancesAtSilenceAndIgnoresShortBursts() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    silence(e, 1024);
    speech(e, 128); // a cough: shorter than minSpeechMs (250)
    silence(e, 1024);
    speech(e, 1600);
    silence(e, 960);
    assertEquals(List.of("start u1 2176 audio 1876", "end u1 2176-3776 silence"), events);
  }

  /** The time (ms into the stream) at which the endpointer ended the last utterance: the decision, not its end. */
  private long decidedAt(Endpointer e, int maxSilenceMs) {
    int before = events.size();
    for (int ms = 0; ms < maxSilenceMs; ms += 32) {
      silence(e, 32);
      if (events.size() > before) {
        return at * 1000 / 16_000;
      }
    }
    return -1;
  }

  @Test
  void aCompleteRequestEndsAfterAShortPauseAndUnfinishedWordsWaitLonger() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    speech(e, 1600);
    long speechEnd = at * 1000 / 16_000;
    e.words("u1", "turn on the kitchen lights", at);
    long complete = decidedAt(e, 3000) - speechEnd;
    assertTrue(complete >= 250 && complete < 350, complete + " ms");

    speech(e, 1600);
    e.words("u2", "set a timer for", at);
    silence(e, 1216); // a pause to think, as long as the longest of the hesitation corpus
    assertEquals(3, events.size(), "not cut off after 'for': " + events);
    speech(e, 640);
    e.words("u2", "set a timer for ten minutes", at);
    long resumed = at * 1000 / 16_000;
    long afterAll = decidedAt(e, 3000) - resumed;
    assertTrue(afterAll < 350, afterAll + " ms");
    assertEquals("end u2 1856-" + resumed + " silence", events.get(3), "one utterance, the pause inside it");
  }

  @Test
  void wordsThatDoNotCoverTheLastSpeechAreNotTrusted() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    speech(e, 800);
    e.words("u1", "what time is it", at - 16_000 / 10 * 4); // heard up to 400 ms before the last speech
    speech(e, 0);
    long speechEnd = at * 1000 / 16_000;
    long waited = decidedAt(e, 3000) - speechEnd;
    assertTrue(waited >= 700 && waited < 800, "the usual silence: " + waited + " ms");
    e.words("u1", "what time is it", at); // an utterance that has ended: ignored
    assertEquals(2, events.size());
  }

  @Test
  void afterAReplyTheUserCanFollowUpWithoutTheWakeWordForAWhile() {
    Endpointer e = endpointer(Endpointer.Mode.WAKE_WORD);
    e.playbackStarted("run-1");
    feed(e, 1600, 0.9f, -45); // the bridge's own voice, below the barge-in level
    e.playbackFinished();
    e.followUp(5000);
    feed(e, 256, 0.9f, -45); // its echo tail (vad.echoTailMs 300) opens nothing
    silence(e, 1024);
    speech(e, 960); // "and tomorrow?"
    silence(e, 960);
    assertEquals(List.of("start u1 2880 audio 2580 by follow_up", "end u1 2880-3840 silence"), events);

    e.playbackStarted("run-2");
    feed(e, 640, 0.9f, -45);
    e.playbackFinished();
    e.followUp(5000);
    silence(e, 5120);
    assertEquals("end u2 5440-10464 no_speech", events.get(2), "nobody followed up: the wake word again");
    speech(e, 960);
    assertEquals(3, events.size());
  }

  @Test
  void anUtteranceIsCutAtItsMaximumLength() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    speech(e, 16_000);
    assertEquals("end u1 0-15008 max_length", events.get(1));
  }

  @Test
  void afterTheWakeWordNobodySpeakingTimesOut() {
    Endpointer e = endpointer(Endpointer.Mode.WAKE_WORD);
    speech(e, 800);
    assertEquals(List.of(), events, "no utterance without a wake word");
    e.wake(at);
    silence(e, 5120);
    assertEquals(List.of("end u1 800-5824 no_speech"), events);
    speech(e, 800);
    assertEquals(1, events.size(), "listening closed again");
  }

  @Test
  void thePreRollNeverReachesBackIntoTheWakeWord() {
    Endpointer e = endpointer(Endpointer.Mode.WAKE_WORD);
    silence(e, 512);
    speech(e, 704); // the wake word, ending at 1216 ms
    e.wake(at);
    silence(e, 96);
    speech(e, 1000);
    silence(e, 800);
    assertEquals("start u1 1312 audio 1216 by wake_word", events.get(0), "pre-roll clamped to where listening opened");
  }

  @Test
  void theBridgesOwnVoiceOpensNoUtteranceButLoudSpeechBargesIn() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    e.playbackStarted("run-7");
    feed(e, 2000, 0.9f, -45); // the bridge's voice from the speaker: speech, but below the barge-in level
    assertEquals(List.of(), events);
    feed(e, 320, 0.95f, -20); // the user, close and loud
    assertEquals("interrupt barge_in run-7", events.get(0));
    assertEquals("start u2 1984 audio 1984 by barge_in", events.get(1));
    speech(e, 500);
    silence(e, 800);
    assertEquals("end u2 1984-2784 silence", events.get(2));
  }

  @Test
  void withoutInterruptOnSpeechTalkingOverTheBridgeDoesNotStopItButTheWakeWordStillDoes() {
    Endpointer e = endpointer(Endpointer.Mode.WAKE_WORD);
    e.talk(700, false); // the user's Talk setting interruptOnSpeech: false
    e.playbackStarted("r1");
    feed(e, 640, 0.95f, -20, -60); // the user, loud and clear over the echo
    assertEquals(List.of(), events, "speech alone does not stop the bridge");
    e.wake(at);
    assertEquals("interrupt wake_word r1", events.get(0), "an explicit call still does");
  }

  @Test
  void aLongerSilenceTimeoutFromTheUsersTalkSettingsLetsThemPauseMidSentence() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    e.talk(1500, true);
    speech(e, 800);
    silence(e, 1024); // a pause to think: longer than the default 700 ms, shorter than 1.5 s
    speech(e, 800);
    silence(e, 1600);
    assertEquals(2, events.size(), "one utterance: " + events);
    assertTrue(events.get(1).endsWith("silence"), events.toString());
  }

  @Test
  void theEchoGuardOutlastsPlaybackByTheTail() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    e.playbackStarted("r");
    speech(e, 480);
    assertEquals("interrupt barge_in r", events.get(0), "loud speech during playback interrupts");
    events.clear();
    silence(e, 1000);
    events.clear();
    e.playbackStarted("r2");
    e.playbackFinished();
    feed(e, 288, 0.9f, -45); // within the 300 ms tail: the speaker is still draining
    assertEquals(List.of(), events);
    silence(e, 1000);
    speech(e, 600);
    silence(e, 800);
    assertEquals(2, events.size(), "after the tail, speech is an utterance again: " + events);
  }

  @Test
  void pushToTalkDuringPlaybackInterruptsAndListens() {
    Endpointer e = endpointer(Endpointer.Mode.PUSH_TO_TALK);
    e.playbackStarted("run-1");
    silence(e, 320);
    e.trigger();
    speech(e, 640);
    silence(e, 800);
    assertEquals(List.of("interrupt push_to_talk run-1", "start u1 320 audio 320 by push_to_talk",
        "end u1 320-960 silence"), events);
  }

  @Test
  void releasingPushToTalkEndsTheUtteranceAtOnceAndCancellingDropsIt() {
    Endpointer e = endpointer(Endpointer.Mode.PUSH_TO_TALK);
    e.trigger();
    speech(e, 640);
    e.release(); // no silence needed: the button was let go
    e.trigger();
    speech(e, 640);
    e.cancel();
    e.trigger();
    silence(e, 320);
    e.release(); // nobody spoke
    assertEquals(List.of("start u1 0 audio 0 by push_to_talk", "end u1 0-640 released",
        "start u2 640 audio 640 by push_to_talk", "end u2 640-1280 cancelled", "end u3 1280-1600 no_speech"),
        events);
  }

  @Test
  void theEndOfAFileEndsTheOpenUtterance() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    silence(e, 320);
    speech(e, 640);
    e.endOfInput();
    assertEquals("end u1 320-960 end_of_input", events.get(1));
  }

  @Test
  void duringDoubleTalkOnlySpeechClearlyAboveTheResidualEchoIsTheUser() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    e.playbackStarted("run-9");
    // the bridge's own voice after echo cancellation: loud enough and speech-like, but within the residual
    feed(e, 2000, 0.95f, -30, -32);
    assertEquals(List.of(), events, "echo the canceller left is not the user");
    // the user over the echo: 12 dB above the residual estimate
    feed(e, 320, 0.95f, -20, -32);
    assertEquals("interrupt barge_in run-9", events.get(0));
    assertEquals("start u2 1984 audio 1984 by barge_in", events.get(1));
  }

  @Test
  void aCommaInTheUsersWordsDoesNotStartTheBargeInCountOver() {
    Endpointer e = endpointer(Endpointer.Mode.ALWAYS);
    e.playbackStarted("r");
    feed(e, 96, 0.95f, -20, Double.NaN); // "stop"
    feed(e, 128, 0.1f, -60, Double.NaN); // ","
    feed(e, 96, 0.95f, -20, Double.NaN); // "what"
    assertEquals("interrupt barge_in r", events.get(0), "96 + 96 ms of the user, 128 ms apart: " + events);
  }

  @Test
  void theWakeWordDuringPlaybackInterruptsOnlyWhenTheUserSaidIt() {
    Endpointer e = endpointer(Endpointer.Mode.WAKE_WORD);
    e.playbackStarted("r1");
    feed(e, 800, 0.9f, -30, -31); // the bridge itself says something like the wake word
    assertEquals(false, e.wakeCounts(at), "no user voice over the echo in the phrase");
    e.wake(at);
    assertEquals(List.of(), events);
    feed(e, 96, 0.1f, -60, -40);
    feed(e, 128, 0.95f, -20, -40); // the user says a short wake word over the echo (too short for barge-in)
    assertEquals(List.of(), events);
    assertEquals(true, e.wakeCounts(at));
    e.wake(at);
    assertEquals("interrupt wake_word r1", events.get(0));
    speech(e, 640);
    silence(e, 800);
    assertEquals("start u1 1024 audio 1024 by wake_word", events.get(1), "listening opens after the phrase");
  }

  @Test
  void aWakeWordAtTheStartOfABargeInRestartsTheUtteranceAfterIt() {
    Endpointer e = endpointer(Endpointer.Mode.WAKE_WORD);
    e.playbackStarted("r2");
    silence(e, 320);
    speech(e, 640); // "hey jarvis" over the bridge: a barge-in opens an utterance at 320 ms
    assertEquals("interrupt barge_in r2", events.get(0));
    assertEquals("start u1 320 audio 320 by barge_in", events.get(1));
    long wakeEnd = at; // the detector fires at the end of the phrase
    e.wake(wakeEnd);
    assertEquals("end u1 320-" + wakeEnd / 16 + " restarted", events.get(2), "no transcript of the wake phrase");
    silence(e, 96);
    speech(e, 960); // "stop, what time is it"
    silence(e, 800);
    assertEquals("start u2 " + (wakeEnd / 16 + 96) + " audio " + wakeEnd / 16 + " by wake_word", events.get(3));
  }
}
