package dev.voicebridge.bus;

import dev.voicebridge.bus.DeviceMessages.AudioLevel;
import dev.voicebridge.bus.DeviceMessages.DeviceState;
import dev.voicebridge.bus.DeviceMessages.MuteRequest;
import dev.voicebridge.bus.DeviceMessages.MuteState;
import dev.voicebridge.bus.GatewayMessages.AbortRequest;
import dev.voicebridge.bus.NodeMessages.Announce;
import dev.voicebridge.bus.NodeMessages.AnnounceAccepted;
import dev.voicebridge.bus.NodeMessages.ListenControl;
import dev.voicebridge.bus.NodeMessages.NodeState;
import dev.voicebridge.bus.NodeMessages.NodeStateRequest;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.HistoryRequest;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.SendRequest;
import dev.voicebridge.bus.GatewayMessages.SendResult;
import dev.voicebridge.bus.GatewayMessages.SpeakRequest;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import dev.voicebridge.bus.GatewayMessages.TalkConfig;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import dev.voicebridge.bus.SessionMessages.InputAccepted;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SessionMessages.SessionRecovered;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.SessionMessages.TurnCommitted;
import dev.voicebridge.bus.SessionMessages.TranscriptIgnored;
import dev.voicebridge.bus.SessionMessages.TurnHeld;
import dev.voicebridge.bus.SessionMessages.UserInput;
import dev.voicebridge.bus.TimingMessages.TurnTiming;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.EchoStatus;
import dev.voicebridge.bus.SpeechInMessages.EchoStatusRequest;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttPartial;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.bus.SpeechInMessages.WakeTrigger;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.bus.SpeechOutMessages.TtsCue;
import dev.voicebridge.bus.SpeechOutMessages.TtsError;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStop;
import dev.voicebridge.bus.StoreMessages.BackupRequest;
import dev.voicebridge.bus.StoreMessages.CheckRequest;
import dev.voicebridge.bus.StoreMessages.BackupResult;
import dev.voicebridge.bus.StoreMessages.CheckResult;
import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.bus.StoreMessages.CleanupResult;
import dev.voicebridge.bus.StoreMessages.SearchResult;
import dev.voicebridge.bus.StoreMessages.SessionActive;
import dev.voicebridge.bus.StoreMessages.SessionClose;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionGet;
import dev.voicebridge.bus.StoreMessages.SessionList;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionUpdate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.StatsRequest;
import dev.voicebridge.bus.StoreMessages.StoreStats;
import dev.voicebridge.bus.StoreMessages.ToolList;
import dev.voicebridge.bus.StoreMessages.ToolQuery;
import dev.voicebridge.bus.StoreMessages.ToolRecord;
import dev.voicebridge.bus.StoreMessages.ToolTransition;
import dev.voicebridge.bus.StoreMessages.ToolView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnList;
import dev.voicebridge.bus.StoreMessages.TurnQuery;
import dev.voicebridge.bus.StoreMessages.TurnSearch;
import dev.voicebridge.bus.StoreMessages.TurnUpdate;
import dev.voicebridge.bus.StoreMessages.TurnView;
import java.util.List;

/**
 * The event-bus contract: every address the bridge uses, with the record that is its message body.
 * This class and {@code docs/event-bus.md} are the public API for other programs (same JVM or a
 * clustered event bus); a test keeps the two in step. Change them deliberately.
 *
 * <p>Bodies are JSON objects ({@link BusJson} maps them to the records), except {@code audio.frame},
 * which carries raw PCM and never leaves the JVM.
 */
public final class Addresses {

  private Addresses() {
  }

  // ---- cluster (satellites and their hub; docs/satellites.md) ---------------------------------------
  public static final String CLUSTER_HUB_IN = "cluster.hub.in";
  public static final String CLUSTER_HUB_REQUEST = "cluster.hub.request";
  public static final String CLUSTER_ROOM = "cluster.room.{room}";
  public static final String CLUSTER_JOIN = "cluster.join";

  /** The cluster address of satellite room {@code room}. */
  public static String clusterRoom(String room) {
    return "cluster.room." + room;
  }

  // ---- speech in -----------------------------------------------------------------------------------
  /** Raw audio, local only: a Buffer of PCM16 little-endian, 16 kHz mono; header {@code audioMs}. */
  public static final String AUDIO_FRAME = "audio.frame";
  /** What the speaker is given, local only: a Buffer of PCM16 LE 16 kHz mono; header {@code playAtNanos}. */
  public static final String AUDIO_REFERENCE = "audio.reference";
  public static final String WAKE_DETECTED = "wake.detected";
  public static final String WAKE_TRIGGER = "wake.trigger";
  public static final String SPEECH_START = "speech.start";
  public static final String SPEECH_END = "speech.end";
  public static final String STT_PARTIAL = "stt.partial";
  public static final String STT_TRANSCRIPT = "stt.transcript";
  public static final String BRIDGE_INTERRUPT = "bridge.interrupt";
  public static final String AEC_STATUS = "aec.status";
  public static final String AUDIO_LEVEL = "audio.level";
  public static final String AUDIO_MUTE = "audio.mute";
  public static final String DEVICE_STATE = "device.state";

  // ---- gateway -------------------------------------------------------------------------------------
  public static final String GATEWAY_STATUS = "gateway.status";
  public static final String GATEWAY_SEND = "gateway.send";
  public static final String GATEWAY_ABORT = "gateway.abort";
  public static final String GATEWAY_HISTORY = "gateway.history";
  public static final String GATEWAY_REPLY_DELTA = "gateway.reply.delta";
  public static final String GATEWAY_REPLY_FINAL = "gateway.reply.final";
  public static final String GATEWAY_REPLY_ERROR = "gateway.reply.error";
  public static final String GATEWAY_REPLY_ABORTED = "gateway.reply.aborted";
  public static final String GATEWAY_TOOL = "gateway.tool";
  public static final String GATEWAY_VOICEWAKE = "gateway.voicewake";
  public static final String GATEWAY_TALK = "gateway.talk";
  public static final String GATEWAY_SPEAK = "gateway.speak";
  public static final String GATEWAY_NODE_STATE = "gateway.node.state";
  public static final String NODE_STATUS = "node.status";
  public static final String SPEECH_ANNOUNCE = "speech.announce";
  public static final String LISTEN_CONTROL = "listen.control";

  // ---- speech out ----------------------------------------------------------------------------------
  public static final String SPEECH_SAY = "speech.say";
  public static final String SPEECH_DONE = "speech.done";
  public static final String TTS_STOP = "tts.stop";
  public static final String TTS_CUE = "tts.cue";
  public static final String SPEECH_HALT = "speech.halt";
  public static final String TTS_STARTED = "tts.started";
  public static final String TTS_FINISHED = "tts.finished";
  public static final String TTS_INTERRUPTED = "tts.interrupted";
  public static final String TTS_ERROR = "tts.error";

  // ---- session -------------------------------------------------------------------------------------
  public static final String SESSION_INPUT = "session.input";
  public static final String SESSION_RECOVERED = "session.recovered";
  public static final String SESSION_RUN = "session.run";
  public static final String SESSION_TURN_ANSWERED = "session.turn.answered";
  public static final String TURN_TIMING = "turn.timing";
  public static final String SESSION_TURN_HELD = "session.turn.held";
  public static final String SESSION_TRANSCRIPT_IGNORED = "session.transcript.ignored";

  // ---- store (request/reply) -----------------------------------------------------------------------
  public static final String STORE_SESSION_CREATE = "store.session.create";
  public static final String STORE_SESSION_GET = "store.session.get";
  public static final String STORE_SESSION_ACTIVE = "store.session.active";
  public static final String STORE_SESSION_UPDATE = "store.session.update";
  public static final String STORE_SESSION_CLOSE = "store.session.close";
  public static final String STORE_SESSION_LIST = "store.session.list";
  public static final String STORE_TURN_APPEND = "store.turn.append";
  public static final String STORE_TURN_UPDATE = "store.turn.update";
  public static final String STORE_TURN_LIST = "store.turn.list";
  public static final String STORE_TURN_SEARCH = "store.turn.search";
  public static final String STORE_TOOL_RECORD = "store.tool.record";
  public static final String STORE_TOOL_LIST = "store.tool.list";
  public static final String STORE_TOOL_TRANSITION = "store.tool.transition";
  public static final String STORE_STATS = "store.stats";
  public static final String STORE_BACKUP = "store.backup";
  public static final String STORE_CHECK = "store.check";
  public static final String STORE_CLEANUP = "store.cleanup";
  public static final String STORE_TURN_COMMITTED = "store.turn.committed";

  /** How an address is used. */
  public enum Pattern {
    /** Published to every consumer; no reply. */
    PUBLISH,
    /** Request/reply to one consumer; the reply (or failure) is part of the contract. */
    REQUEST,
    /** Sent to one consumer (on another member of the cluster); no reply. */
    SEND
  }

  /**
   * One row of the contract: address, pattern, body type, reply type (null for none), the component that
   * publishes it (PUBLISH) or serves it (REQUEST), and what it is for.
   */
  public record Spec(String address, Pattern pattern, Class<?> body, Class<?> reply, String owner,
      String summary) {
  }

  /** The whole contract, in documentation order. */
  public static final List<Spec> CATALOGUE = List.of(
      new Spec(AUDIO_FRAME, Pattern.PUBLISH, null, null, "audio",
          "PCM16 LE 16 kHz mono frames, echo-cancelled (local only; headers audioMs, final, echoDb)"),
      new Spec(AUDIO_REFERENCE, Pattern.PUBLISH, null, null, "tts (speaker)",
          "the PCM handed to the speaker, 16 kHz mono, for echo cancellation (local only; header playAtNanos, or cutAtNanos when the speaker was silenced)"),
      new Spec(WAKE_DETECTED, Pattern.PUBLISH, WakeDetected.class, null, "wake", "the wake word was heard; listening for an utterance starts"),
      new Spec(WAKE_TRIGGER, Pattern.PUBLISH, WakeTrigger.class, null, "any program", "push-to-talk: opens listening as a wake word would"),
      new Spec(SPEECH_START, Pattern.PUBLISH, SpeechStart.class, null, "listen (listener)", "the user started speaking (after a wake word, push-to-talk, talking over the bridge, or in the follow-up window after a reply)"),
      new Spec(SPEECH_END, Pattern.PUBLISH, SpeechEnd.class, null, "listen (listener)", "the utterance ended (silence, length cap, end of input, nobody spoke, restarted after a wake word, push-to-talk released or cancelled), and where the listener decided so"),
      new Spec(LISTEN_CONTROL, Pattern.PUBLISH, ListenControl.class, null, "node, any program", "push-to-talk released: end the utterance now and send it (release), or drop it (cancel)"),
      new Spec(STT_PARTIAL, Pattern.PUBLISH, SttPartial.class, null, "stt", "the transcript so far and how far the engine has heard, after every piece of audio while the user speaks (streaming engines); the listener ends the turn by it"),
      new Spec(STT_TRANSCRIPT, Pattern.PUBLISH, SttTranscript.class, null, "stt", "the final transcript of an utterance"),
      new Spec(BRIDGE_INTERRUPT, Pattern.PUBLISH, BridgeInterrupt.class, null, "listen (listener), any program", "the user is talking: stop speaking now and abort this device's replies (the session decides and announces speech.halt)"),
      new Spec(AEC_STATUS, Pattern.REQUEST, EchoStatusRequest.class, EchoStatus.class, "audio capture (echo cancellation)",
          "echo canceller state: engine, measured echo delay and clock drift, residual echo, ERLE, CPU share"),
      new Spec(AUDIO_LEVEL, Pattern.PUBLISH, AudioLevel.class, null, "audio capture",
          "the microphone's loudness about ten times a second (RMS and peak dBFS; never audio), for a level meter"),
      new Spec(AUDIO_MUTE, Pattern.REQUEST, MuteRequest.class, MuteState.class, "audio capture",
          "mute or unmute the microphone: while muted, silence is published in place of what it hears"),
      new Spec(DEVICE_STATE, Pattern.PUBLISH, DeviceState.class, null, "live (device state)",
          "what the device is doing, on every change: waiting, listening, thinking, speaking, muted, offline"),
      new Spec(GATEWAY_STATUS, Pattern.PUBLISH, GatewayStatus.class, null, "gateway", "connection state: connecting, connected, disconnected (with retry plan)"),
      new Spec(GATEWAY_SEND, Pattern.REQUEST, SendRequest.class, SendResult.class, "gateway", "send user text with chat.send"),
      new Spec(GATEWAY_ABORT, Pattern.REQUEST, AbortRequest.class, null, "gateway", "abort a run with chat.abort"),
      new Spec(GATEWAY_HISTORY, Pattern.REQUEST, HistoryRequest.class, null, "gateway", "read the session transcript with chat.history"),
      new Spec(GATEWAY_REPLY_DELTA, Pattern.PUBLISH, ReplyDelta.class, null, "gateway", "a streamed increment of a reply"),
      new Spec(GATEWAY_REPLY_FINAL, Pattern.PUBLISH, ReplyFinal.class, null, "gateway", "a reply finished"),
      new Spec(GATEWAY_REPLY_ERROR, Pattern.PUBLISH, ReplyError.class, null, "gateway", "a reply ended in an error (first end state of a run only)"),
      new Spec(GATEWAY_REPLY_ABORTED, Pattern.PUBLISH, ReplyAborted.class, null, "gateway", "a reply was aborted"),
      new Spec(GATEWAY_TOOL, Pattern.PUBLISH, ToolEvent.class, null, "gateway", "a tool call started or returned its result"),
      new Spec(GATEWAY_VOICEWAKE, Pattern.PUBLISH, VoiceWake.class, null, "gateway",
          "the gateway's wake triggers and their routes, on connect and whenever they change"),
      new Spec(GATEWAY_TALK, Pattern.PUBLISH, TalkConfig.class, null, "gateway",
          "the user's Talk settings (talk.config: silence timeout, interrupt on speech, voice), on connect and after config.changed"),
      new Spec(GATEWAY_SPEAK, Pattern.REQUEST, SpeakRequest.class, SpeakResult.class, "gateway",
          "synthesise a sentence in the user's Talk voice at the gateway (talk.speak, else tts.speak)"),
      new Spec(GATEWAY_NODE_STATE, Pattern.REQUEST, NodeStateRequest.class, NodeState.class, "gateway",
          "whether the gateway approved a node's commands, and the request id to approve (node.list)"),
      new Spec(NODE_STATUS, Pattern.PUBLISH, GatewayStatus.class, null, "node",
          "the node connection's state (the agent reaches the device through it: announcements, push-to-talk)"),
      new Spec(SPEECH_ANNOUNCE, Pattern.REQUEST, Announce.class, AnnounceAccepted.class, "filter",
          "speak an announcement the user did not ask for now (system.notify from the gateway): filtered like a reply, spoken after what is playing"),
      new Spec(SPEECH_SAY, Pattern.PUBLISH, SpeechSay.class, null, "filter, any program", "one speakable sentence of a reply, in order"),
      new Spec(SPEECH_DONE, Pattern.PUBLISH, SpeechDone.class, null, "filter", "a reply has no more sentences to speak"),
      new Spec(TTS_CUE, Pattern.PUBLISH, TtsCue.class, null, "cue, any program",
          "play a short sound now (wake, thinking, error), through the speaker and the echo reference like speech; no run, never a barge-in"),
      new Spec(TTS_STOP, Pattern.PUBLISH, TtsStop.class, null, "any program", "stop speaking now (one run, or everything); the gateway run goes on"),
      new Spec(SPEECH_HALT, Pattern.PUBLISH, SpeechHalt.class, null, "session",
          "the one decision that speech stops (on bridge.interrupt or tts.stop): the filter drops the runs, the TTS silences them; with abort the session aborted them at the gateway"),
      new Spec(TTS_STARTED, Pattern.PUBLISH, TtsStarted.class, null, "tts", "the first audio of a reply reached the speaker"),
      new Spec(TTS_FINISHED, Pattern.PUBLISH, TtsFinished.class, null, "tts", "a reply was spoken to its end"),
      new Spec(TTS_INTERRUPTED, Pattern.PUBLISH, TtsInterrupted.class, null, "tts", "a reply's speech was cut short (barge-in or tts.stop); later sentences of that run are dropped"),
      new Spec(TTS_ERROR, Pattern.PUBLISH, TtsError.class, null, "tts", "a sentence could not be spoken (engine crash, sink failure); speech goes on"),
      new Spec(SESSION_INPUT, Pattern.REQUEST, UserInput.class, InputAccepted.class, "session", "user text to send in the active session (chat mode, other programs)"),
      new Spec(SESSION_RUN, Pattern.PUBLISH, RunClaimed.class, null, "session",
          "this device started (or recovered) a run: its reply is spoken (tts.speakRuns own)"),
      new Spec(SESSION_RECOVERED, Pattern.PUBLISH, SessionRecovered.class, null, "recovery", "outcome of recovering the active session"),
      new Spec(SESSION_TURN_ANSWERED, Pattern.PUBLISH, TurnAnswered.class, null, "session, recovery",
          "a user turn's reply (answer, error or abort) is stored"),
      new Spec(SESSION_TURN_HELD, Pattern.PUBLISH, TurnHeld.class, null, "session",
          "a user turn did not reach the gateway now: kept and sent when it is back (unreachable: the gateway client reconnects at once), or failed"),
      new Spec(SESSION_TRANSCRIPT_IGNORED, Pattern.PUBLISH, TranscriptIgnored.class, null, "session",
          "a final transcript that did not become a turn (nothing recognised, only a stop phrase, the device's own words heard back), and why"),
      new Spec(TURN_TIMING, Pattern.PUBLISH, TurnTiming.class, null, "timing",
          "one spoken turn's stages, from the end of the user's speech to the first sound of the reply (once per turn)"),
      new Spec(CLUSTER_HUB_IN, Pattern.SEND, null, null, "cluster (satellite)",
          "a satellite's events for its hub: the audio of an open utterance (audio.frame, from its pre-roll to its end, never at other times), speech.start, speech.end, session.turn.held"),
      new Spec(CLUSTER_HUB_REQUEST, Pattern.REQUEST, null, null, "cluster (hub)",
          "a satellite's requests to its hub: cluster.join, the store's (store.*, but not backup, cleanup or check), gateway.send, gateway.abort and gateway.history in the room's own session only, gateway.speak, and speech.announce (to one room or all); any other address or session is refused 403"),
      new Spec(CLUSTER_ROOM, Pattern.SEND, null, null, "cluster (hub)",
          "the hub's messages for one satellite room: its stt.partial and stt.transcript, the gateway's status, Talk settings and wake triggers, the replies and tool calls of its session, store.turn.committed of its turns; speech.announce is requested"),
      new Spec(CLUSTER_JOIN, Pattern.REQUEST, ClusterMessages.Join.class, ClusterMessages.Joined.class, "cluster (hub)",
          "a satellite checks in (carried in cluster.hub.request): at start, then every cluster.hubCheckMs; the hub starts the room's speech-to-text"),
      new Spec(STORE_SESSION_CREATE, Pattern.REQUEST, SessionCreate.class, SessionView.class, "store", "create a session"),
      new Spec(STORE_SESSION_GET, Pattern.REQUEST, SessionGet.class, SessionView.class, "store", "one session by UUID (or unique prefix)"),
      new Spec(STORE_SESSION_ACTIVE, Pattern.REQUEST, SessionActive.class, SessionView.class, "store",
          "get-or-create the active session"),
      new Spec(STORE_SESSION_UPDATE, Pattern.REQUEST, SessionUpdate.class, SessionView.class, "store", "update state, metadata, context window, activity"),
      new Spec(STORE_SESSION_CLOSE, Pattern.REQUEST, SessionClose.class, SessionView.class, "store", "close a session with a reason"),
      new Spec(STORE_SESSION_LIST, Pattern.REQUEST, SessionQuery.class, SessionList.class, "store", "list sessions, most recently active first"),
      new Spec(STORE_TURN_APPEND, Pattern.REQUEST, TurnAppend.class, TurnView.class, "store", "append a turn; replied after the commit. A reply that names `answersTurnId` marks that user turn answered in the same statement"),
      new Spec(STORE_TURN_UPDATE, Pattern.REQUEST, TurnUpdate.class, TurnView.class, "store", "set a turn's delivery state and run id"),
      new Spec(STORE_TURN_LIST, Pattern.REQUEST, TurnQuery.class, TurnList.class, "store", "turns of a session by index or time range, or the most recent"),
      new Spec(STORE_TURN_SEARCH, Pattern.REQUEST, TurnSearch.class, SearchResult.class, "store", "full-text search over every turn"),
      new Spec(STORE_TOOL_RECORD, Pattern.REQUEST, ToolRecord.class, ToolView.class, "store", "create or advance a tool execution"),
      new Spec(STORE_TOOL_LIST, Pattern.REQUEST, ToolQuery.class, ToolList.class, "store", "tool executions of a session"),
      new Spec(STORE_TOOL_TRANSITION, Pattern.REQUEST, ToolTransition.class, ToolList.class, "store",
          "move a session's tool executions from some statuses to another"),
      new Spec(STORE_STATS, Pattern.REQUEST, StatsRequest.class, StoreStats.class, "store", "database and conversation statistics"),
      new Spec(STORE_BACKUP, Pattern.REQUEST, BackupRequest.class, BackupResult.class, "store", "consistent online backup (VACUUM INTO), mode 0600"),
      new Spec(STORE_CHECK, Pattern.REQUEST, CheckRequest.class, CheckResult.class, "store", "SQLite integrity and foreign-key checks of the live database, read-only"),
      new Spec(STORE_CLEANUP, Pattern.REQUEST, CleanupRequest.class, CleanupResult.class, "store", "close stale sessions, delete old closed ones"),
      new Spec(STORE_TURN_COMMITTED, Pattern.PUBLISH, TurnCommitted.class, null, "store", "a turn was committed (published after every append)"));
}
