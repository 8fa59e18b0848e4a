package dev.voicebridge.cli;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.audio.AudioCaptureVerticle;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechEnd;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttPartial;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechInMessages.WakeDetected;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.listen.ListenerVerticle;
import dev.voicebridge.stt.TranscriptionVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code listen [--input mic|stdin|FILE.wav]}: the speech-in half of the bridge on its own — capture, wake
 * word, endpointing, speech-to-text — printing what happens as it happens. No gateway, no store. A file or
 * stdin ends the command once its last utterance is transcribed; a microphone runs until Ctrl-C.
 */
@Command(name = "listen", mixinStandardHelpOptions = true,
    description = {"Capture -> wake word -> VAD -> speech-to-text, printing events as they happen (no gateway).",
        "Use --set wake.engine=none to transcribe everything without a wake word."})
public final class ListenCommand extends CommandBase {

  @Option(names = "--input", paramLabel = "mic|stdin|FILE.wav",
      description = "Audio source (default: audio.input.source, or the file when given)")
  String input;

  @Option(names = "--fast", description = "Read a file as fast as possible instead of in real time")
  boolean fast;

  @Option(names = "--partials", description = "Also print partial transcripts")
  boolean partials;

  @Option(names = "--json", description = "One JSON object per event: {\"event\": address, ...message fields}")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    BridgeConfig config = withInput(CliRuntime.loadConfig(global()));
    Vertx vertx = BridgeVertx.create();
    BridgeApp app = null;
    try {
      PrintWriter out = out();
      print(vertx, Addresses.WAKE_DETECTED, WakeDetected.class, w -> line(out, Addresses.WAKE_DETECTED, w, w.audioMs(),
          String.format(Locale.ROOT, "wake       %s (%.2f, %s)", w.keyword(), w.score(), w.engine())));
      print(vertx, Addresses.SPEECH_START, SpeechStart.class, s -> line(out, Addresses.SPEECH_START, s, s.startMs(),
          "speech     start"));
      print(vertx, Addresses.SPEECH_END, SpeechEnd.class, e -> line(out, Addresses.SPEECH_END, e, e.endMs(),
          "speech     end (" + e.reason() + ")"));
      print(vertx, Addresses.STT_TRANSCRIPT, SttTranscript.class, t -> line(out, Addresses.STT_TRANSCRIPT, t, -1,
          String.format(Locale.ROOT, "transcript \"%s\"  [%s, %d ms after the end of speech]", t.text(), t.engine(),
              t.latencyMs())));
      print(vertx, Addresses.BRIDGE_INTERRUPT, BridgeInterrupt.class, i -> line(out, Addresses.BRIDGE_INTERRUPT, i, -1,
          "interrupt  " + i.reason()));
      if (partials) {
        // stt.partial repeats its text as the engine hears on: only a change is news here
        String[] lastPartial = {""};
        print(vertx, Addresses.STT_PARTIAL, SttPartial.class, p -> {
          if (!p.text().isEmpty() && !(p.utteranceId() + p.text()).equals(lastPartial[0])) {
            lastPartial[0] = p.utteranceId() + p.text();
            line(out, Addresses.STT_PARTIAL, p, -1, "partial    " + p.text());
          }
        });
      }
      app = CliRuntime.waitFor(BridgeApp.start(vertx, config, BridgeApp.Mode.LISTEN));
      ListenerVerticle listener = app.component("listener", ListenerVerticle.class).orElseThrow();
      TranscriptionVerticle stt = app.component("speech-to-text", TranscriptionVerticle.class).orElseThrow();
      AudioCaptureVerticle source = app.component("audio-capture", AudioCaptureVerticle.class).orElseThrow();
      if (config.string("audio.input.source").equals("mic")) {
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown, "voice-bridge-listen-stop"));
        forever.await();
        return 0;
      }
      CliRuntime.waitFor(source.ended());
      // the file is published; wait until the endpointer has seen all of it and the last utterance is transcribed
      while (!listener.inputEnded() || stt.pending() > 0) {
        Thread.sleep(20);
      }
      Thread.sleep(100); // let the last messages reach this thread's printers
      out.flush();
      return 0;
    } finally {
      CliRuntime.waitFor(BridgeApp.shutdown(vertx, app));
    }
  }

  /** The configuration with --input and --fast applied. */
  private BridgeConfig withInput(BridgeConfig configured) {
    Map<String, String> set = new HashMap<>();
    if (input == null) {
      if (fast) {
        set.put("audio.input.source", "file");
        set.put("audio.input.realtime", "false");
      }
    } else if (input.equals("mic") || input.equals("stdin")) {
      set.put("audio.input.source", input);
    } else {
      set.put("audio.input.source", "file");
      set.put("audio.input.file", Path.of(input).toAbsolutePath().toString());
      set.put("audio.input.realtime", Boolean.toString(!fast && configured.bool("audio.input.realtime")));
    }
    return configured.with(set);
  }

  private static <T> void print(Vertx vertx, String address, Class<T> type, Consumer<T> handler) {
    Bus.on(vertx.eventBus(), address, type, handler);
  }

  private void line(PrintWriter out, String address, Object message, long atMs, String text) {
    synchronized (out) {
      if (json) {
        out.println(new JsonObject().put("event", address).mergeIn(BusJson.encode(message)).encode());
      } else {
        out.println((atMs >= 0 ? String.format(Locale.ROOT, "%8.2f s  ", atMs / 1000.0) : "            ") + text);
      }
      out.flush();
    }
  }
}
