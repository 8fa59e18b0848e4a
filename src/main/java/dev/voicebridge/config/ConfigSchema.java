package dev.voicebridge.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tunable of the bridge, grouped by section. {@code conf/bridge.json} and
 * {@code docs/configuration.md} are both derived from this class (tests keep them in step), so a new key
 * is added here and nowhere else.
 */
public final class ConfigSchema {

  /** The sections, in the order they appear in {@code conf/bridge.json}. */
  public static final List<String> SECTIONS = List.of(
      "audio", "aec", "wake", "vad", "stt", "gateway", "node", "filter", "tts", "cues", "store", "session", "recovery", "http", "cluster");

  private static final ConfigSchema STANDARD = new ConfigSchema(standardKeys());

  private final Map<String, ConfigKey> keys;

  ConfigSchema(List<ConfigKey> keys) {
    Map<String, ConfigKey> byPath = new LinkedHashMap<>();
    for (ConfigKey key : keys) {
      if (!SECTIONS.contains(key.section())) {
        throw new IllegalArgumentException("key " + key.path() + " is outside the known sections");
      }
      if (byPath.put(key.path(), key) != null) {
        throw new IllegalArgumentException("duplicate key " + key.path());
      }
    }
    this.keys = Collections.unmodifiableMap(byPath);
  }

  public static ConfigSchema standard() {
    return STANDARD;
  }

  public Map<String, ConfigKey> keys() {
    return keys;
  }

  public Optional<ConfigKey> key(String path) {
    return Optional.ofNullable(keys.get(path));
  }

  /** The defaults as nested JSON, sections in {@link #SECTIONS} order: the content of conf/bridge.json. */
  public JsonObject defaults() {
    JsonObject root = new JsonObject();
    for (String section : SECTIONS) {
      root.put(section, new JsonObject());
    }
    for (ConfigKey key : keys.values()) {
      JsonPaths.put(root, key.path(), key.defaultValue());
    }
    return root;
  }

  // ---------------------------------------------------------------------------------------------
  // The keys. Units are in the key name (Ms, Db, Minutes) so a config file reads without the docs.

  private static List<ConfigKey> standardKeys() {
    List<ConfigKey> k = new ArrayList<>();

    // audio: capture sources and playback sinks (package audio)
    k.add(oneOf("audio.input.source", "mic", "Where speech comes from", "mic", "file", "stdin"));
    k.add(str("audio.input.device", "", "Capture mixer name (substring match); empty = system default"));
    k.add(path("audio.input.file", "", "WAV file to read when audio.input.source is file"));
    k.add(bool("audio.input.realtime", true, "Pace file and stdin input in real time (false = as fast as possible; false for a live stdin source such as arecord, which paces itself: pacing it again keeps any start-up backlog as latency)"));
    k.add(integer("audio.input.stdinSampleRate", 16000, "Sample rate of the raw PCM16 LE mono read from stdin", 8000, 48000));
    k.add(integer("audio.input.bufferMs", 500, "Capture line buffer of the microphone: how long a busy machine may leave it unread without losing audio (no added latency)", 20, 5000));
    k.add(integer("audio.input.retryMs", 5000, "Try an unavailable microphone again after this long (0 = never)", 0, 600000));
    k.add(integer("audio.frameMs", 32, "Length of one audio.frame message in milliseconds (16 kHz mono PCM16)", 10, 100));
    k.add(oneOf("audio.output.sink", "speaker", "Where speech is played: speaker (a stream of its own on PulseAudio/PipeWire when one answers and no device is named, else javax.sound), wav or null", "speaker", "wav", "null"));
    k.add(str("audio.output.device", "", "Playback mixer name (substring match), played through javax.sound; empty = the sound server, else the system default"));
    k.add(path("audio.output.file", "~/.voice-bridge/data/speech.wav", "WAV file written when audio.output.sink is wav"));
    k.add(integer("audio.output.bufferMs", 100, "Playback queue: how long the player may be late without the speaker running dry (a barge-in flushes it, so it does not delay stopping)", 10, 1000));

    // aec: acoustic echo cancellation of the bridge's own voice in the capture path (package listen.echo)
    k.add(bool("aec.enabled", true, "Cancel the echo of the speaker in the microphone signal (speexdsp; needs libspeexdsp1)"));
    k.add(integer("aec.tailMs", 200, "Longest echo the canceller models after the delay (room reverberation); longer adapts slower", 50, 1000));
    k.add(integer("aec.delayMs", -1, "Delay from playing a sample to hearing it, beyond what the sound devices report; -1 = measure it (and follow clock drift between the devices)", -1, 1000));
    k.add(integer("aec.echoSuppressDb", -40, "Residual echo suppression while only the bridge speaks (negative dB)", -90, 0));
    k.add(integer("aec.echoSuppressActiveDb", -15, "Residual echo suppression while the user speaks too (gentler: keeps the user's words)", -90, 0));
    k.add(str("aec.library", "", "libspeexdsp to load instead of the system's (a file, e.g. a build of your own); empty = the system's libspeexdsp1"));
    k.add(integer("aec.noiseSuppressDb", -15, "Noise suppression applied with the echo canceller while the bridge speaks (negative dB)", -60, 0));

    // wake: wake-word detection (package wake)
    k.add(oneOf("wake.engine", "openwakeword", "Wake-word engine", "openwakeword", "porcupine", "vosk", "none"));
    k.add(str("wake.keyword", "hey_jarvis", "openWakeWord model name (hey_jarvis, alexa, hey_mycroft, hey_rhasspy, or NAME for NAME.onnx in wake.modelDir)"));
    k.add(decimal("wake.threshold", 0.5, "Score at or above which the wake word counts as detected", 0.0, 1.0));
    k.add(integer("wake.refractoryMs", 2000, "Ignore further detections for this long after one", 0, 60000));
    k.add(path("wake.modelDir", "", "Directory with the openWakeWord ONNX models; empty = <models dir>/openwakeword-0.1 (models dir: $VOICE_BRIDGE_MODELS, else ~/.voice-bridge/models)"));
    k.add(str("wake.phrase", "hey computer", "Wake phrase of the vosk engine (words the model knows; a grammar proposes, the full vocabulary confirms it was said as a call)"));
    k.add(bool("wake.gatewayTriggers", true, "With wake.engine vosk, also listen for the gateway's wake triggers (voicewake.get), updated live"));
    k.add(secret("wake.porcupine.accessKey", "", "Picovoice AccessKey; the porcupine engine needs it"));
    k.add(str("wake.porcupine.keyword", "porcupine", "Porcupine built-in keyword"));
    k.add(decimal("wake.porcupine.sensitivity", 0.5, "Porcupine sensitivity", 0.0, 1.0));
    k.add(bool("wake.pushToTalk", false, "With engine none: listen only after a wake.trigger message (false = always listening)"));

    // vad: voice activity detection and endpointing (package vad)
    k.add(oneOf("vad.engine", "silero", "Voice activity detector (energy is the fallback when the model is absent)", "silero", "energy"));
    k.add(path("vad.modelPath", "", "Silero VAD v5 ONNX model; empty = <models dir>/silero-vad-v5/silero_vad.onnx"));
    k.add(decimal("vad.threshold", 0.5, "Speech probability that starts speech", 0.05, 0.99));
    k.add(decimal("vad.energyThresholdDb", -40.0, "Energy VAD: frame level (dBFS) counted as speech", -90.0, 0.0));
    k.add(integer("vad.minSpeechMs", 250, "Shorter bursts of speech are ignored", 0, 5000));
    k.add(integer("vad.silenceMs", 700, "Silence that ends an utterance; unless set here, the gateway's Talk setting (talk.config silenceTimeoutMs) applies", 100, 5000));
    k.add(integer("vad.preRollMs", 300, "Audio kept before speech start and handed to STT", 0, 2000));
    k.add(integer("vad.maxUtteranceMs", 15000, "An utterance is cut after this long", 1000, 120000));
    k.add(integer("vad.noSpeechTimeoutMs", 5000, "After a wake word, go back to wake listening if nobody speaks", 500, 60000));
    k.add(decimal("vad.bargeInThreshold", 0.7, "Speech probability during playback that interrupts the bridge (on the echo-cancelled signal)", 0.05, 1.0));
    k.add(decimal("vad.bargeInLevelDb", -42.0, "Speech during playback must also be at least this loud (dBFS) to interrupt", -90.0, 0.0));
    k.add(decimal("vad.bargeInLevelNoEchoEstimateDb", -35.0, "The same, for audio that comes without an estimate of the echo left in it (echo cancellation off, or libspeexdsp missing): only loudness tells the user from the bridge's own voice", -90.0, 0.0));
    k.add(decimal("vad.bargeInEchoMarginDb", 8.0, "Speech during playback must also be this much louder than the echo the canceller estimates is left (double talk)", 0.0, 60.0));
    k.add(integer("vad.bargeInMinMs", 160, "Speech during playback must add up to this long (pauses under 150 ms do not reset it) to interrupt", 0, 5000));
    k.add(bool("vad.interruptOnSpeech", true, "Talking over the bridge stops it (barge-in); false = only the wake word or push-to-talk does. Unless set here, the gateway's Talk setting (talk.config interruptOnSpeech) applies"));
    k.add(integer("vad.followUpMs", 5000, "After a reply has been spoken, listen this long for a follow-up without the wake word (0 = off; the wake word again after it)", 0, 60000));
    k.add(integer("vad.followUpAfterQuestionMs", 8000, "The same when the reply ended with a question", 0, 60000));
    k.add(bool("vad.endOfTurn.adaptive", true, "The pause that ends a turn follows its words so far (Vosk's partial transcript): short after a complete request, long after words that cannot end one; false = always vad.silenceMs"));
    k.add(integer("vad.endOfTurn.completeMs", 250, "With adaptive end of turn: the pause that ends a complete request (at most vad.silenceMs)", 100, 5000));
    k.add(integer("vad.endOfTurn.incompleteMs", 1600, "With adaptive end of turn: the pause that ends a turn whose last words cannot end a request (\"turn on the\", \"um\"; at least vad.silenceMs)", 100, 10000));
    k.add(integer("vad.echoTailMs", 300, "The echo guard stays on this long after tts.finished (the speaker drains its buffer)", 0, 5000));

    // stt: speech-to-text (package stt)
    k.add(oneOf("stt.engine", "vosk", "Speech-to-text engine", "vosk", "whisper"));
    k.add(path("stt.vosk.modelPath", "", "Vosk model directory; empty = <models dir>/vosk-model-en-us-0.3.45"));
    k.add(path("stt.whisper.modelPath", "~/.voice-bridge/models/ggml-base.en.bin", "Whisper ggml model file (scripts/download-whisper-model.sh fetches one)"));
    k.add(str("stt.whisper.language", "en", "Whisper language code, or auto. Unless set here, the gateway's Talk speechLocale applies (de-DE -> de), live"));
    k.add(integer("stt.whisper.threads", 2, "Whisper inference threads", 1, 64));
    k.add(integer("stt.whisper.beamSize", 1, "Whisper beam size (1 = greedy)", 1, 16));
    k.add(bool("stt.whisper.temperatureFallback", true, "Decode again at higher temperatures when the result looks unreliable (better text, up to 6x the decoding time)"));

    // gateway: the OpenClaw Gateway client (package gateway)
    k.add(str("gateway.url", "ws://127.0.0.1:18789", "Gateway WebSocket URL (ws:// or wss://)"));
    k.add(secret("gateway.token", "", "Gateway shared token (or set VOICE_BRIDGE_GATEWAY_TOKEN)"));
    k.add(secret("gateway.password", "", "Gateway password, when the gateway uses password auth instead of a token"));
    k.add(str("gateway.sessionKey", "main", "OpenClaw session key the bridge talks in"));
    k.add(oneOf("gateway.clientId", "cli", "Client id sent in connect (from the gateway's fixed list)", "cli", "gateway-client", "openclaw-linux"));
    k.add(oneOf("gateway.clientMode", "cli", "Client mode sent in connect", "cli", "backend", "node"));
    k.add(str("gateway.displayName", "voice-bridge", "Display name shown in the gateway's client list"));
    k.add(str("gateway.locale", "en-US", "Locale sent in connect"));
    k.add(integer("gateway.connectTimeoutMs", 10000, "WebSocket connect + handshake timeout", 500, 120000));
    k.add(integer("gateway.requestTimeoutMs", 30000, "Timeout of one request (chat.send, chat.history...)", 100, 600000));
    k.add(integer("gateway.reconnect.initialDelayMs", 1000, "First reconnect delay", 10, 60000));
    k.add(integer("gateway.reconnect.maxDelayMs", 30000, "Reconnect delay cap", 100, 600000));
    k.add(decimal("gateway.reconnect.multiplier", 2.0, "Backoff multiplier", 1.0, 10.0));
    k.add(decimal("gateway.reconnect.jitter", 0.2, "Random jitter as a fraction of the delay", 0.0, 1.0));
    k.add(decimal("gateway.tickTimeoutFactor", 2.0, "Reconnect when no frame arrives for this many tick intervals", 1.0, 10.0));
    k.add(integer("gateway.maxPayloadBytes", 26214400, "Largest frame accepted (the gateway's own policy may lower it)", 65536, 268435456));
    k.add(path("gateway.tlsCaFile", "", "For wss://: PEM file of the CA (or the self-signed certificate) that signed the gateway's certificate, trusted in addition to the JVM's trust store; empty = the JVM's trust store only"));
    k.add(path("gateway.identityDir", "~/.voice-bridge/data/identity", "Where the device key pair and device token are kept (mode 0600)"));
    // node: the bridge as an OpenClaw node, reachable by the agent (package node)
    k.add(bool("node.enabled", true, "Also connect as an OpenClaw node (role node, a key pair of its own under gateway.identityDir/node), so the agent and the user's other devices can reach this device: announcements (system.notify) are spoken, push-to-talk (talk.ptt.*) opens listening. The gateway asks the user to approve its commands once (openclaw nodes approve)"));
    k.add(str("node.displayName", "", "Name in the user's node list (the agent can address the device by it); empty = \"Voice Bridge (<host name>)\""));
    k.add(bool("node.announcements", true, "Declare system.notify: announcements from the agent (reminders, timers) are spoken"));
    k.add(bool("node.pushToTalk", true, "Declare talk.ptt.start/stop/cancel/once: the agent or another device can make this device listen for one turn"));

    // filter: what of a reply is spoken (package filter)
    k.add(str("filter.codeBlockPhrase", "I've put the code in the chat.", "Said once instead of a code block; empty = say nothing"));
    k.add(oneOf("filter.progress", "once", "Progress chatter such as 'Let me check...'", "once", "silent"));
    k.add(oneOf("filter.urls", "host", "How a bare URL is spoken", "host", "phrase", "silent"));
    k.add(str("filter.urlPhrase", "a link", "Said for a bare URL when filter.urls is phrase"));
    k.add(str("filter.errorPhrase", "Sorry, something went wrong.", "Said when a reply ends in an error"));
    k.add(integer("filter.maxSentenceChars", 220, "A sentence without punctuation is cut at a clause boundary after this length", 40, 2000));
    k.add(integer("filter.maxSentences", 0, "Speak at most this many sentences of a reply (0 = no cap)", 0, 1000));
    k.add(str("filter.capPhrase", "There's more in the chat.", "Said once when filter.maxSentences cuts a reply"));
    k.add(bool("filter.speakToolErrors", false, "Say one short sentence when a tool fails"));
    k.add(str("filter.toolErrorPhrase", "The {tool} tool failed.", "Said when a tool fails and filter.speakToolErrors is on; {tool} is the tool's name"));

    // tts: speech synthesis (package tts)
    k.add(oneOf("tts.engine", "espeak", "Speech synthesiser (falls back to freetts when espeak-ng is missing); gateway = the user's Talk voice, synthesised by the OpenClaw gateway (talk.speak), with tts.gateway.fallback when it cannot", "espeak", "freetts", "gateway"));
    k.add(oneOf("tts.gateway.fallback", "espeak", "With tts.engine gateway: the local engine that speaks the rest of a reply when the gateway cannot (offline, slow, failing)", "espeak", "freetts"));
    k.add(integer("tts.gateway.timeoutMs", 4000, "With tts.engine gateway: how long a sentence may take at the gateway before the local engine speaks it instead", 200, 60000));
    k.add(str("tts.espeak.binary", "espeak-ng", "espeak-ng executable (name on PATH or absolute path)"));
    k.add(str("tts.espeak.voice", "en-us", "espeak-ng voice"));
    k.add(integer("tts.espeak.rate", 175, "Words per minute", 80, 450));
    k.add(integer("tts.espeak.pitch", 50, "Pitch", 0, 99));
    k.add(str("tts.freetts.voice", "kevin16", "FreeTTS voice"));
    k.add(oneOf("tts.speakRuns", "own", "Which replies are spoken: own = only replies to what this device sent; session = also other clients' replies in this device's session", "own", "session"));

    // cues: the device's short sounds and its one status sentence (package cue)
    k.add(bool("cues.wake", true, "A short rising sound when the wake word (or push-to-talk) is heard: the device listens"));
    k.add(bool("cues.error", true, "A short falling sound when a turn fails (the gateway refused it, or its reply ended in an error)"));
    k.add(integer("cues.thinkingMs", 0, "When a sent turn has had nothing to say for this long, a quiet low note, repeated at this interval until the reply is heard (0 = off)", 0, 60000));
    k.add(decimal("cues.volumeDb", -20, "Peak level of the sounds, in dB below full scale", -60, 0));
    k.add(str("cues.unreachable", "I can't reach OpenClaw right now. I'll send that when it's back.", "Said when a spoken turn cannot reach the gateway (it is kept and sent when the connection is back); empty = silent"));

    // store: SQLite persistence (package store)
    k.add(path("store.path", "~/.voice-bridge/data/sessions.db", "SQLite database file (or --db / VOICE_BRIDGE_DB)"));
    k.add(path("store.backupDir", "~/.voice-bridge/data/backups", "Where db backup writes when no --out is given"));
    k.add(integer("store.readPoolSize", 4, "Connections for reads (writes use one connection of their own)", 1, 32));
    k.add(integer("store.busyTimeoutMs", 5000, "How long a statement waits for a lock held by another process", 0, 600000));
    k.add(oneOf("store.synchronous", "NORMAL", "SQLite synchronous mode (NORMAL is crash-safe in WAL mode; FULL survives power loss too)", "NORMAL", "FULL", "EXTRA"));
    k.add(integer("store.maxSizeMb", 0, "Largest size the database may grow to, to protect a small SD card (0 = no limit)", 0, 1048576));
    k.add(integer("store.maxBatch", 128, "Most appends committed in one transaction when they arrive together", 1, 10000));

    // session: lifecycle and context window (package session)
    k.add(integer("session.timeoutMinutes", 30, "An active session idle this long is stale: closed, not resumed", 1, 10080));
    k.add(integer("session.maxSessions", 100, "Sessions kept; db cleanup deletes the oldest closed ones beyond this", 1, 1000000));
    k.add(integer("session.cacheSize", 16, "Active sessions kept in memory", 1, 10000));
    k.add(integer("session.contextWindow.maxTurns", 20, "Messages kept in the context window", 6, 10000));
    k.add(integer("session.contextWindow.keepFirst", 5, "Earliest messages always kept when pruning", 0, 100));
    k.add(str("session.stopPhrases", "stop, stop it, stop talking, cancel, be quiet, quiet, shut up, silence, never mind, nevermind, that's enough, enough, wait, hold on",
        "Said alone over the bridge, these only stop it: no turn is sent (comma-separated)"));
    k.add(integer("session.contextWindow.maxTokens", 0, "Token bound of the context window, ~4 characters a token (0 = none)", 0, 10000000));

    // recovery: after a disconnect or a restart (package session)
    k.add(bool("recovery.enabled", true, "Recover the active session after a disconnect or restart"));
    k.add(integer("recovery.historyLimit", 50, "Gateway messages fetched with chat.history to reconcile", 1, 1000));
    k.add(bool("recovery.resendUnacknowledged", true, "Re-send a user turn the gateway never acknowledged (same idempotency key)"));
    k.add(integer("recovery.stalledTurnSeconds", 30, "A sent turn unanswered this long is checked against chat.history (a missed end event must not leave it waiting forever)", 5, 3600));

    // http: the live page, /health and /metrics (package web)
    k.add(bool("http.enabled", true, "Serve the live page (/), GET /health and GET /metrics (Prometheus); a port in use is a warning, not a failure"));
    k.add(str("http.host", "127.0.0.1", "Address the web server binds to; beyond loopback every request needs the token (http.token, else one made in http.tokenFile)"));
    k.add(secret("http.token", "", "Token the web server requires (Authorization: Bearer TOKEN; the page takes it from #token= in its URL); empty on loopback = none, empty beyond loopback = the one in http.tokenFile"));
    k.add(path("http.tokenFile", "~/.voice-bridge/data/http-token", "Where the web server's token is made at the first start beyond loopback without http.token (0600; shown once)"));
    k.add(integer("http.port", 8787, "Port of the web server", 1, 65535));

    // cluster: satellites around one hub on an encrypted, authenticated event bus (package cluster)
    k.add(oneOf("cluster.role", "all", "all = one box does everything; hub = speech-to-text, gateway and store for the satellites; satellite = one room's microphone and speaker (run --role)", "all", "hub", "satellite"));
    k.add(str("cluster.room", "", "This satellite's room (run --room); its name in the cluster and in its session key"));
    k.add(path("cluster.dir", "~/.voice-bridge/cluster", "This member's keys (cluster init / cluster add-satellite; run --cluster-dir)"));
    k.add(str("cluster.join", "", "Satellite: the hub's HOST:PORT (run --join)"));
    k.add(integer("cluster.port", 7800, "Hub: the membership port satellites join (run --cluster-port); satellite: the first free port from here up is its own", 0, 65535));
    k.add(str("cluster.host", "", "Address to bind to; empty: loopback when the hub is on loopback, else the address that reaches the hub (satellite) or the first private address (hub)"));
    k.add(integer("cluster.busPort", 0, "Event-bus port of this member (0 = any free port; the cluster tells the others)", 0, 65535));
    k.add(str("cluster.sessionKey", "room-{room}", "A satellite's OpenClaw session key; {room} is its room. A fixed key (e.g. main) makes every room share one conversation"));
    k.add(integer("cluster.hubCheckMs", 1000, "Satellite: how often it checks that the hub answers; three missed checks = hub unreachable", 200, 60000));
    return k;
  }

  private static ConfigKey str(String path, String def, String doc) {
    return new ConfigKey(path, ConfigType.STRING, def, doc, null, null, List.of(), false);
  }

  private static ConfigKey secret(String path, String def, String doc) {
    return new ConfigKey(path, ConfigType.STRING, def, doc, null, null, List.of(), true);
  }

  private static ConfigKey path(String path, String def, String doc) {
    return new ConfigKey(path, ConfigType.PATH, def, doc, null, null, List.of(), false);
  }

  private static ConfigKey oneOf(String path, String def, String doc, String... allowed) {
    return new ConfigKey(path, ConfigType.STRING, def, doc, null, null, List.of(allowed), false);
  }

  private static ConfigKey integer(String path, int def, String doc, int min, int max) {
    return new ConfigKey(path, ConfigType.INT, def, doc, (double) min, (double) max, List.of(), false);
  }

  private static ConfigKey decimal(String path, double def, String doc, double min, double max) {
    return new ConfigKey(path, ConfigType.DECIMAL, def, doc, min, max, List.of(), false);
  }

  private static ConfigKey bool(String path, boolean def, String doc) {
    return new ConfigKey(path, ConfigType.BOOLEAN, def, doc, null, null, List.of(), false);
  }
}
