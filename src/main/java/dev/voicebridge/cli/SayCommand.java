package dev.voicebridge.cli;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.audio.AudioSink;
import dev.voicebridge.audio.PlaybackSettings;
import dev.voicebridge.audio.WavFileSink;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.filter.ReplyFilter;
import dev.voicebridge.tts.SpeechPipeline;
import dev.voicebridge.tts.Synthesizer;
import dev.voicebridge.tts.Synthesizers;
import dev.voicebridge.tts.TtsSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code say TEXT}: speaks text through the speaker (or into a WAV file) with the bridge's speech path. */
@Command(name = "say", mixinStandardHelpOptions = true,
    description = {"Speak TEXT through the speaker, or write it to a WAV file. The text goes through the "
        + "speakability filter first, as a reply would.",
        "Example: voice-bridge say 'Hello there. The kettle is on.' --engine freetts --out hello.wav"})
public final class SayCommand extends CommandBase {

  @Parameters(paramLabel = "TEXT", arity = "1..*", description = "What to say (several words are joined)")
  List<String> words;

  @Option(names = "--engine", paramLabel = "espeak|freetts",
      description = "Speech engine (default: tts.engine, falling back to freetts without espeak-ng)")
  String engine;

  @Option(names = "--out", paramLabel = "FILE.wav", description = "Write a WAV file instead of playing")
  Path out;

  @Override
  public Integer call() throws InterruptedException {
    if (engine != null && !engine.equals("espeak") && !engine.equals("freetts")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--engine must be espeak or freetts, got '" + engine + "'");
    }
    BridgeConfig config = CliRuntime.loadConfig(global());
    List<String> sentences = new ArrayList<>();
    ReplyFilter filter = new ReplyFilter(FilterSettings.from(config), sentences::add);
    filter.finish(String.join(" ", words));
    if (sentences.isEmpty()) {
      throw new BridgeException("nothing speakable in the text");
    }
    TtsSettings tts = TtsSettings.from(config);
    Synthesizer synthesizer = engine != null ? Synthesizers.exactly(tts.withEngine(engine))
        : Synthesizers.create(tts, warning -> spec.commandLine().getErr().println("voice-bridge: " + warning));
    AudioSink sink = out != null ? new WavFileSink(out) : PlaybackSettings.from(config).createSink();
    Outcome outcome = new Outcome();
    try (synthesizer; SpeechPipeline pipeline = new SpeechPipeline(synthesizer, sink, outcome)) {
      for (int i = 0; i < sentences.size(); i++) {
        pipeline.say("say", i, sentences.get(i));
      }
      pipeline.end("say");
      long timeoutSeconds = 30 + 10L * sentences.size();
      if (!outcome.done.await(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new BridgeException("speech did not finish within " + timeoutSeconds + " s");
      }
    }
    if (!outcome.errors.isEmpty()) {
      throw new BridgeException(String.join("; ", outcome.errors));
    }
    if (out != null) {
      out().printf("wrote %s (%d sentence%s, %s)%n", out, sentences.size(), sentences.size() == 1 ? "" : "s",
          synthesizer.name());
      out().flush();
    }
    return 0;
  }

  /** Waits for the one run to finish; collects failures. */
  private static final class Outcome implements SpeechPipeline.Listener {
    final CountDownLatch done = new CountDownLatch(1);
    final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void started(String runId) {
    }

    @Override
    public void finished(String runId, int spokenSentences) {
      done.countDown();
    }

    @Override
    public void interrupted(String runId, int spokenSentences, String reason) {
      done.countDown();
    }

    @Override
    public void failed(String runId, int seq, String message) {
      errors.add(message);
    }
  }
}
