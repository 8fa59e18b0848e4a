package dev.voicebridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One device of a test household as a person meets it: the fat jar running with a real-time microphone on
 * its stdin (espeak-ng speech, wake word included) and a WAV file for a speaker, whose growth is the sound
 * the person hears.
 */
public final class SpokenDevice implements AutoCloseable {

  /** The wake phrase the devices are started with (wake.engine vosk; "computer" is among its triggers). */
  public static final String WAKE_PHRASE = "hey computer";

  private final String name;
  private final Path speaker;
  private final BridgeProcess process;
  private final LiveMicrophone mic;

  private SpokenDevice(String name, Path speaker, BridgeProcess process) {
    this.name = name;
    this.speaker = speaker;
    this.process = process;
    this.mic = new LiveMicrophone(process.stdin());
    mic.start();
  }

  /**
   * Starts {@code run} with {@code args} plus a stdin microphone, a WAV speaker at {@code speaker} and the Vosk
   * wake word; the caller waits for what it needs with {@link #process()}.
   */
  public static SpokenDevice start(String name, Path jar, Path home, Map<String, String> env, Path speaker,
      List<String> args) throws IOException {
    List<String> all = new ArrayList<>(List.of("run", "-v", "--set", "wake.engine=vosk", "--set", "cues.wake=false",
        // the microphone paces itself, as a live one does: the bridge must not pace it again
        "--set", "audio.input.source=stdin", "--set", "audio.input.realtime=false",
        "--set", "audio.output.sink=wav", "--set", "audio.output.file=" + speaker, "--set", "http.enabled=false"));
    all.addAll(args);
    Files.createDirectories(home);
    return new SpokenDevice(name, speaker, BridgeProcess.start(jar, home, env, all.toArray(String[]::new)));
  }

  public String name() {
    return name;
  }

  public BridgeProcess process() {
    return process;
  }

  /** The wake phrase and {@code question} in real time, again if the wake word was missed; the end of the words. */
  public long ask(String question) throws InterruptedException {
    short[] track = new SpeechTrack().say(WAKE_PHRASE).silence(250).say(question).silence(300).samples();
    for (int attempt = 0; attempt < 3; attempt++) {
      long wakes = process.count("wake word '");
      long endOfWords = mic.say(track);
      try {
        process.await(() -> process.count("wake word '") > wakes, 3);
        return endOfWords;
      } catch (IllegalStateException missed) {
        // the wake word was missed: say it all again, as a person would
      }
    }
    throw new IllegalStateException(name + ": the wake word was not heard three times in a row:\n" + process.text());
  }

  /** Speaks {@code pcm} without waiting for anything (returns at once). */
  public void speakInBackground(short[] pcm) {
    Thread t = new Thread(() -> {
      try {
        mic.say(pcm);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name + "-speaking");
    t.setDaemon(true);
    t.start();
  }

  /** The speaker's WAV so far (it appears with the first sound). */
  public long speakerBytes() throws IOException {
    return Files.exists(speaker) ? Files.size(speaker) : 0;
  }

  /** When the speaker first played beyond {@code size} bytes ({@link System#nanoTime()}). */
  public long firstSoundAfter(long size, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (speakerBytes() <= size) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + ": nothing was played within " + seconds + " s");
      }
      Thread.sleep(5);
    }
    return System.nanoTime();
  }

  /** Waits until the speaker has been still for {@code quietMs} (a reply played out). */
  public void awaitQuiet(long quietMs, int seconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long size = speakerBytes();
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(100);
      long now = speakerBytes();
      if (now != size) {
        size = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= TimeUnit.MILLISECONDS.toNanos(quietMs)) {
        return;
      }
    }
  }

  public long pid() {
    return process.pid();
  }

  public void kill() throws InterruptedException {
    mic.interrupt();
    process.kill();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    mic.interrupt();
    process.close();
  }
}
