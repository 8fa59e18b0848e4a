package dev.voicebridge.node;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * One push-to-talk capture started from the gateway ({@code talk.ptt.*}), followed through the listener's
 * events to the result the OpenClaw apps return: {@code {captureId, transcript?, status}}. Status is
 * {@code queued} (heard, and sent into the conversation, whose reply this device speaks), {@code offline}
 * (heard, but the gateway is not connected: the turn waits in the outbox), {@code empty} (nobody spoke),
 * {@code cancelled}, {@code idle} (no capture to stop) or {@code busy} (one is already running). Pure: the
 * node verticle feeds it events and answers with what it returns.
 */
final class PushToTalk {

  static final String QUEUED = "queued";
  static final String OFFLINE = "offline";
  static final String EMPTY = "empty";
  static final String CANCELLED = "cancelled";
  static final String IDLE = "idle";
  static final String BUSY = "busy";

  private enum Phase { IDLE, LISTENING, SPEAKING, TRANSCRIBING }

  /** How a capture ended. */
  record Result(String captureId, String transcript, String status) {

    JsonObject toJson() {
      JsonObject json = new JsonObject();
      if (captureId != null) {
        json.put("captureId", captureId);
      }
      if (transcript != null) {
        json.put("transcript", transcript);
      }
      return json.put("status", status);
    }
  }

  private Phase phase = Phase.IDLE;
  private String captureId;
  private String utteranceId;

  boolean active() {
    return phase != Phase.IDLE;
  }

  String captureId() {
    return captureId;
  }

  /** Starts capture {@code id}; false when one is already running (the caller answers busy). */
  boolean start(String id) {
    if (active()) {
      return false;
    }
    captureId = id;
    utteranceId = null;
    phase = Phase.LISTENING;
    return true;
  }

  Result busy() {
    return new Result(captureId, null, BUSY);
  }

  /**
   * speech.start: the first utterance after the capture opened is its own (push_to_talk; with no wake
   * word configured the listener is always open and names it always). The user talking over the bridge
   * (barge_in) or a wake word is someone else's turn.
   */
  void speechStarted(String id, String trigger) {
    if (phase == Phase.LISTENING && ("push_to_talk".equals(trigger) || "always".equals(trigger))) {
      utteranceId = id;
      phase = Phase.SPEAKING;
    }
  }

  /** speech.end: the capture ends here when nobody spoke or it was cancelled; otherwise its words are awaited. */
  Optional<Result> speechEnded(String id, String reason) {
    if (phase == Phase.LISTENING && "no_speech".equals(reason)) {
      return Optional.of(end(null, EMPTY));
    }
    if (phase != Phase.SPEAKING || !id.equals(utteranceId)) {
      return Optional.empty();
    }
    if ("cancelled".equals(reason) || "restarted".equals(reason)) {
      return Optional.of(end(null, CANCELLED));
    }
    phase = Phase.TRANSCRIBING;
    return Optional.empty();
  }

  /** stt.transcript: the capture's words; {@code online} says whether the gateway will have them now. */
  Optional<Result> transcribed(String id, String text, boolean online) {
    if (phase != Phase.TRANSCRIBING || !id.equals(utteranceId)) {
      return Optional.empty();
    }
    String words = text == null ? "" : text.strip();
    return Optional.of(words.isEmpty() ? end(null, EMPTY) : end(words, online ? QUEUED : OFFLINE));
  }

  /** talk.ptt.cancel: whatever runs ends as cancelled; idle when nothing ran. */
  Result cancel() {
    return active() ? end(null, CANCELLED) : new Result(null, null, IDLE);
  }

  /**
   * The answer budget ran out before the capture ended. Nobody had spoken: empty (the caller closes the
   * listening). Someone had: their words still go into the conversation once transcribed, so queued —
   * without the transcript, which is not known yet.
   */
  Result giveUp() {
    if (!active()) {
      return new Result(null, null, IDLE);
    }
    return end(null, phase == Phase.LISTENING ? EMPTY : QUEUED);
  }

  /** Whether nobody has spoken in the capture yet. */
  boolean waitingForSpeech() {
    return phase == Phase.LISTENING;
  }

  private Result end(String transcript, String status) {
    Result r = new Result(captureId, transcript, status);
    phase = Phase.IDLE;
    utteranceId = null;
    return r;
  }
}
