package dev.voicebridge.bench.duplex;

import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.audio.PlaybackReference;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.SessionMessages.TurnAnswered;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.SessionMessages.TurnCommitted;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechInMessages.SpeechStart;
import dev.voicebridge.bus.SpeechInMessages.SttTranscript;
import dev.voicebridge.bus.SpeechOutMessages.TtsFinished;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStarted;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the bridge did during a duplex run, as seen on its event bus (the integration API), each with the
 * host time it was seen: interrupts, utterances and their transcripts, the speaker's runs, the user turns
 * stored, aborted runs, and the echo-cancelled microphone signal itself ({@code audio.frame}, by capture
 * position).
 */
public final class Observations {

  /** A bus event at host time {@code nanos}. */
  public record Timed<T>(long nanos, T event) {
  }

  public final List<Timed<BridgeInterrupt>> interrupts = new ArrayList<>();
  public final Map<String, SpeechStart> starts = new ConcurrentHashMap<>();
  public final List<SttTranscript> transcripts = new ArrayList<>();
  public final List<String> userTurns = new ArrayList<>();
  public final List<String> abortedRuns = new ArrayList<>();
  /** User turns whose reply is stored (answer, error or abort). */
  private final java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
  public final LinkedBlockingQueue<Timed<TtsStarted>> started = new LinkedBlockingQueue<>();
  public final List<Timed<String>> playback = new ArrayList<>();
  /** Replies spoken to their end (after each, listening opens for a follow-up without the wake word). */
  public final List<String> finished = new ArrayList<>();
  /** Sounds the device played (tts.cue): the wake sound at each wake word. */
  public final List<String> cues = new ArrayList<>();
  /** What the bridge said its speaker played ({@code audio.reference}), by the host time it reported. */
  public final List<PlaybackReference.Block> reference = new ArrayList<>();
  private final CountDownLatch connected = new CountDownLatch(1);
  private float[] cleaned = new float[1 << 18];
  private long cleanedLength;

  public Observations(EventBus bus) {
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> {
      if (s.state() == LinkState.CONNECTED) {
        connected.countDown();
      }
    });
    Bus.on(bus, Addresses.BRIDGE_INTERRUPT, BridgeInterrupt.class, i -> add(interrupts, new Timed<>(System.nanoTime(), i)));
    Bus.on(bus, Addresses.SPEECH_START, SpeechStart.class, s -> starts.put(s.utteranceId(), s));
    Bus.on(bus, Addresses.STT_TRANSCRIPT, SttTranscript.class, t -> add(transcripts, t));
    Bus.on(bus, Addresses.STORE_TURN_COMMITTED, TurnCommitted.class, c -> {
      if (c.turn().role() == Role.USER) {
        add(userTurns, c.turn().content());
      }
    });
    Bus.on(bus, Addresses.GATEWAY_REPLY_ABORTED, ReplyAborted.class, a -> add(abortedRuns, a.runId()));
    Bus.on(bus, Addresses.SESSION_TURN_ANSWERED, TurnAnswered.class, a -> answered.incrementAndGet());
    Bus.on(bus, Addresses.TTS_STARTED, TtsStarted.class, t -> {
      started.add(new Timed<>(System.nanoTime(), t));
      add(playback, new Timed<>(System.nanoTime(), "start " + t.runId()));
    });
    Bus.on(bus, Addresses.TTS_FINISHED, TtsFinished.class, t -> {
      add(playback, new Timed<>(System.nanoTime(), "end " + t.runId()));
      add(finished, t.runId());
    });
    Bus.on(bus, Addresses.TTS_CUE, dev.voicebridge.bus.SpeechOutMessages.TtsCue.class, c -> add(cues, c.cue().wire()));
    Bus.on(bus, Addresses.TTS_INTERRUPTED, TtsInterrupted.class,
        t -> add(playback, new Timed<>(System.nanoTime(), "end " + t.runId())));
    AudioFrames.consume(bus, this::frame);
    PlaybackReference.consume(bus, b -> add(reference, b));
  }

  /**
   * The bridge's own account of its speaker's output on the room's timeline ({@code toSample} maps host time
   * to a room sample), cuts applied: set against what the room heard, it shows a speaker path that lost or
   * delayed audio.
   */
  public float[] reportedPlayback(java.util.function.LongUnaryOperator toSample, int length) {
    float[] out = new float[length];
    for (PlaybackReference.Block b : snapshot(reference)) {
      long at = toSample.applyAsLong(b.nanos());
      if (b.cut()) {
        for (long i = Math.max(0, at); i < length; i++) {
          out[(int) i] = 0;
        }
        continue;
      }
      for (int i = 0; i < b.samples().length; i++) {
        long k = at + i;
        if (k >= 0 && k < length) {
          out[(int) k] = b.samples()[i];
        }
      }
    }
    return out;
  }

  private static <T> void add(List<T> list, T item) {
    synchronized (list) {
      list.add(item);
    }
  }

  private synchronized void frame(AudioFrames.Frame f) {
    long end = f.endSample();
    if (end > cleaned.length) {
      cleaned = Arrays.copyOf(cleaned, (int) Math.max(end, cleaned.length * 2L));
    }
    for (int i = 0; i < f.samples().length; i++) {
      cleaned[(int) (f.startSample() + i)] = f.samples()[i];
    }
    cleanedLength = Math.max(cleanedLength, end);
  }

  /** The echo-cancelled microphone signal by capture position. */
  public synchronized float[] cleaned() {
    return Arrays.copyOf(cleaned, (int) cleanedLength);
  }

  /**
   * Whether a turn of the bridge's own still waits for its reply (sent, or queued behind another): its
   * speech is still to come, though nothing plays now.
   */
  public boolean awaitingReply() {
    synchronized (userTurns) {
      return userTurns.size() > answered.get();
    }
  }

  /** Whether the bridge is speaking now (a run started and has not finished or been interrupted). */
  public boolean speaking() {
    List<Timed<String>> events = snapshot(playback);
    java.util.Set<String> playing = new java.util.HashSet<>();
    for (Timed<String> e : events) {
      String[] parts = e.event().split(" ", 2);
      if (parts[0].equals("start")) {
        playing.add(parts[1]);
      } else {
        playing.remove(parts[1]);
      }
    }
    return !playing.isEmpty();
  }

  public boolean awaitConnected(long seconds) throws InterruptedException {
    return connected.await(seconds, TimeUnit.SECONDS);
  }

  public <T> List<T> snapshot(List<T> list) {
    synchronized (list) {
      return List.copyOf(list);
    }
  }
}
