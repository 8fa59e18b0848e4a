package dev.voicebridge.tts;

import dev.voicebridge.audio.AudioSink;
import dev.voicebridge.audio.AudioSinkException;
import dev.voicebridge.audio.PcmFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks sentences strictly in order, with barge-in. Two threads of its own:
 * <ul>
 *   <li>the synthesis thread turns queued sentences into audio clips, up to {@value #AHEAD} clips ahead
 *       of the one playing, so the next sentence is ready when the current one ends (no gap);
 *   <li>the player thread writes each clip to the sink in {@value #SLICE_MS} ms slices, checking the
 *       run's stop flag between slices, and silence while there is nothing to play, so that a sound
 *       device runs without a break (see {@link DeviceKeepAlive}).
 * </ul>
 * {@link #stop} is called on the event loop and never waits for either thread: it flags the runs,
 * kills their synthesis (an espeak-ng process is destroyed), aborts the sink (a speaker line is stopped
 * and flushed, so sound ends at once), drops their queued sentences, and reports each interrupted run
 * with the number of sentences it had fully spoken. Which runs stop is decided upstream, once (the
 * session's {@code speech.halt}); the TTS verticle also drops sentences of a halted run that arrive after
 * the halt (the filter, on its own event loop, may have sent them just before it saw it), so the pipeline
 * keeps no memory of its own about stopped runs.
 */
public final class SpeechPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpeechPipeline.class);
  static final int SLICE_MS = 10;
  static final int AHEAD = 2;
  private static final Object END_OF_CLIP = new Object();

  /** What the pipeline reports; called from its threads (and from {@link #stop}'s caller). */
  public interface Listener {
    /** The first audio of a run went to the sink. */
    void started(String runId);

    /** A run was spoken to its end and the sink has drained (also when none of it could be played). */
    void finished(String runId, int spokenSentences);

    /** A run was stopped before its end. */
    void interrupted(String runId, int spokenSentences, String reason);

    /** One sentence could not be synthesised or played; the run goes on with the next one. */
    void failed(String runId, int seq, String message);
  }

  private final Synthesizer synthesizer;
  private final AudioSink sink;
  private final Listener listener;
  private final BlockingQueue<Object> toSynthesize = new LinkedBlockingQueue<>();
  private final BlockingQueue<Object> toPlay = new ArrayBlockingQueue<>(AHEAD);
  private final Map<String, Run> runs = new HashMap<>();
  private final Thread synthesisThread;
  private final Thread playerThread;
  private volatile Run playing;
  private volatile boolean closed;
  private final DeviceKeepAlive keepAlive;
  /** Short sounds to play as soon as the player is between clips (see {@link #cue}). */
  private final java.util.Queue<byte[]> cues = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private static final class Run {
    final String id;
    final Cancellation cancel = new Cancellation();
    volatile boolean interrupted;
    volatile boolean started;
    int spoken;

    Run(String id) {
      this.id = id;
    }
  }

  private record Sentence(Run run, int seq, String text) {
  }

  private record End(Run run) {
  }

  /** One sentence's audio, filled by the synthesis thread while the player may already play it. */
  private static final class Clip implements AudioReceiver {
    final Run run;
    final int seq;
    final BlockingQueue<Object> blocks = new LinkedBlockingQueue<>();

    Clip(Run run, int seq) {
      this.run = run;
      this.seq = seq;
    }

    @Override
    public void format(PcmFormat format) {
      blocks.add(format);
    }

    @Override
    public void pcm(byte[] data, int off, int len) {
      if (len > 0) {
        blocks.add(java.util.Arrays.copyOfRange(data, off, off + len));
      }
    }
  }

  public SpeechPipeline(Synthesizer synthesizer, AudioSink sink, Listener listener) {
    this.synthesizer = synthesizer;
    this.sink = sink;
    this.listener = listener;
    this.keepAlive = new DeviceKeepAlive(sink, synthesizer, () -> closed, toPlay::isEmpty);
    this.synthesisThread = new Thread(this::synthesisLoop, "voice-bridge-tts-synth");
    this.playerThread = new Thread(this::playerLoop, "voice-bridge-tts-player");
    synthesisThread.setDaemon(true);
    playerThread.setDaemon(true);
    synthesisThread.start();
    playerThread.start();
  }

  public String engine() {
    return synthesizer.name();
  }

  public String sinkDescription() {
    return sink.describe();
  }

  /** Queues a sentence of a run; false (dropped) when the pipeline is closed. Non-blocking. */
  public synchronized boolean say(String runId, int seq, String text) {
    if (closed) {
      return false;
    }
    Run run = runs.computeIfAbsent(runId, Run::new);
    toSynthesize.add(new Sentence(run, seq, text));
    return true;
  }

  /**
   * Plays a short sound ({@code pcm} in {@link #cueFormat}) as soon as no sentence is being played: before
   * anything queued, through the same sink — so the echo canceller's reference has it too. It belongs to no
   * run: nothing is reported, and a stop does not cut it (it lasts a quarter of a second). Non-blocking.
   */
  public void cue(byte[] pcm) {
    if (!closed) {
      cues.add(pcm);
    }
  }

  /** The format cues are played in: the synthesiser's, so a cue never reopens the device. */
  public PcmFormat cueFormat() {
    return synthesizer.expectedFormat();
  }

  /** The run has no more sentences: once they are played, it is reported finished. Non-blocking. */
  public synchronized void end(String runId) {
    Run run = runs.get(runId);
    if (run != null && !run.interrupted) {
      toSynthesize.add(new End(run));
    }
  }

  /**
   * Stops a run ({@code runId}) or everything (null) now. Non-blocking: safe on the event loop.
   *
   * @return the runs that were interrupted
   */
  public List<String> stop(String runId, String reason) {
    List<Run> targets = new ArrayList<>();
    synchronized (this) {
      if (runId != null) {
        Run run = runs.remove(runId);
        if (run != null) {
          targets.add(run);
        }
      } else {
        targets.addAll(runs.values());
        runs.clear();
      }
      for (Run run : targets) {
        run.interrupted = true;
      }
    }
    if (targets.isEmpty()) {
      return List.of();
    }
    Run current = playing;
    if (current != null && current.interrupted) {
      sink.abort();
    }
    toSynthesize.removeIf(SpeechPipeline::ofInterruptedRun);
    toPlay.removeIf(SpeechPipeline::ofInterruptedRun);
    List<String> ids = new ArrayList<>();
    for (Run run : targets) {
      run.cancel.cancel();
      ids.add(run.id);
      int spoken;
      synchronized (this) {
        spoken = run.spoken;
      }
      listener.interrupted(run.id, spoken, reason);
    }
    return ids;
  }

  private static boolean ofInterruptedRun(Object item) {
    Run run = item instanceof Sentence s ? s.run() : item instanceof End e ? e.run() : item instanceof Clip c ? c.run
        : null;
    return run != null && run.interrupted;
  }

  // ---- synthesis thread ------------------------------------------------------------------------------

  private void synthesisLoop() {
    try {
      while (!closed) {
        Object item = toSynthesize.take();
        if (item instanceof Sentence s) {
          synthesize(s);
        } else if (item instanceof End e && !e.run().interrupted) {
          handOver(e, e.run());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void synthesize(Sentence s) throws InterruptedException {
    Run run = s.run();
    if (run.interrupted) {
      return;
    }
    Clip clip = new Clip(run, s.seq());
    if (!handOver(clip, run)) {
      return;
    }
    try {
      synthesizer.synthesize(s.text(), clip, run.cancel);
      clip.blocks.add(END_OF_CLIP);
    } catch (SynthesisException e) {
      clip.blocks.add(e);
    } catch (RuntimeException e) {
      clip.blocks.add(new SynthesisException(synthesizer.name() + " failed: " + e, e));
    }
  }

  /** Puts an item on the play queue, waiting while the player is {@value #AHEAD} clips behind. */
  private boolean handOver(Object item, Run run) throws InterruptedException {
    while (!closed && !run.interrupted) {
      if (toPlay.offer(item, 20, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  // ---- player thread ---------------------------------------------------------------------------------

  private void playerLoop() {
    try {
      while (!closed) {
        byte[] cue = cues.poll();
        if (cue != null) {
          playCue(cue);
          continue;
        }
        Object item = toPlay.poll(keepAlive.idleWaitNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
          keepAlive.topUp();
          continue;
        }
        try {
          if (item instanceof Clip clip) {
            play(clip);
          } else if (item instanceof End e) {
            finish(e.run());
          }
        } catch (RuntimeException e) {
          // a device that disappears mid-sentence fails that sentence, not speech for good
          LOG.debug("playback failed", e);
          if (item instanceof Clip clip) {
            listener.failed(clip.run.id, clip.seq, sink.describe() + " failed: " + e.getMessage());
          } else if (item instanceof End end) {
            listener.finished(end.run().id, end.run().spoken);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void play(Clip clip) throws InterruptedException {
    Run run = clip.run;
    playing = run;
    try {
      PcmFormat format = null;
      while (!run.interrupted && !closed) {
        Object block = clip.blocks.poll(keepAlive.idleWaitNanos(), TimeUnit.NANOSECONDS);
        if (block == null) {
          keepAlive.topUp(); // the synthesiser is behind: the device plays silence rather than running dry
          continue;
        }
        if (block == END_OF_CLIP) {
          synchronized (this) {
            run.spoken++;
          }
          return;
        }
        if (block instanceof SynthesisException e) {
          listener.failed(run.id, clip.seq, e.getMessage());
          return;
        }
        if (block instanceof PcmFormat f) {
          format = f;
          try {
            sink.begin(f);
            keepAlive.opened(f);
          } catch (AudioSinkException e) {
            listener.failed(run.id, clip.seq, e.getMessage());
            drop(clip);
            return;
          }
        } else if (block instanceof byte[] pcm && format != null) {
          writeSlices(run, pcm, format);
        }
      }
    } finally {
      playing = null;
    }
  }

  private void writeSlices(Run run, byte[] pcm, PcmFormat format) {
    int slice = format.bytesFor(SLICE_MS);
    for (int off = 0; off < pcm.length; off += slice) {
      if (run.interrupted || closed) {
        break;
      }
      if (!run.started) {
        run.started = true;
        listener.started(run.id);
      }
      sink.write(pcm, off, Math.min(slice, pcm.length - off));
    }
    if (run.interrupted) {
      sink.abort(); // a slice written while the stop was landing must not be heard
    }
  }

  private void playCue(byte[] pcm) {
    PcmFormat format = cueFormat();
    try {
      sink.begin(format);
      keepAlive.opened(format);
      int slice = format.bytesFor(SLICE_MS);
      for (int off = 0; off < pcm.length && !closed; off += slice) {
        sink.write(pcm, off, Math.min(slice, pcm.length - off));
      }
    } catch (RuntimeException e) {
      LOG.debug("a cue could not be played: {}", e.toString()); // a sound, not speech: nothing to report
    }
  }

  /** Lets the synthesis of a clip that cannot be played finish into nothing. */
  private void drop(Clip clip) {
    clip.blocks.clear();
  }

  private void finish(Run run) {
    if (run.interrupted) {
      return;
    }
    if (run.started) {
      sink.drain();
    }
    int spoken;
    synchronized (this) {
      if (run.interrupted) {
        return;
      }
      runs.remove(run.id, run);
      spoken = run.spoken;
    }
    listener.finished(run.id, spoken);
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      runs.values().forEach(r -> {
        r.interrupted = true;
        r.cancel.cancel();
      });
      runs.clear();
    }
    sink.abort();
    synthesisThread.interrupt();
    playerThread.interrupt();
    try {
      synthesisThread.join(2000);
      playerThread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sink.close();
    synthesizer.close();
  }
}
