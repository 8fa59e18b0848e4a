package dev.voicebridge.filter;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.SpeechInMessages.BridgeInterrupt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import dev.voicebridge.bus.SpeechOutMessages.TtsInterrupted;
import dev.voicebridge.bus.SpeechOutMessages.TtsStop;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns streamed gateway replies into speakable sentences: consumes {@code gateway.reply.*} and
 * {@code gateway.tool}, publishes {@code speech.say} per sentence and {@code speech.done} per reply.
 * An interrupted run ({@code bridge.interrupt}, {@code tts.stop}, {@code tts.interrupted}) is muted: its
 * late deltas are never turned into speech. Filtering is microseconds per delta, so it runs on the event
 * loop.
 */
public final class FilterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FilterVerticle.class);
  /** Replies in progress at once; more means a gateway lost some finals, and the oldest is dropped. */
  private static final int MAX_OPEN_RUNS = 32;

  private final FilterSettings settings;
  private final Map<String, Run> open = new LinkedHashMap<>();
  private final RecentRuns closed = new RecentRuns(512);
  private EventBus bus;

  public FilterVerticle(FilterSettings settings) {
    this.settings = settings;
  }

  /** One reply being filtered and the seq of its next sentence. */
  private final class Run {
    final String runId;
    final ReplyFilter filter;
    int seq;

    Run(String runId) {
      this.runId = runId;
      this.filter = new ReplyFilter(settings, sentence -> Bus.publish(bus, Addresses.SPEECH_SAY,
          new SpeechSay(runId, seq++, sentence)));
    }
  }

  @Override
  public Future<?> start() {
    bus = vertx.eventBus();
    Bus.on(bus, Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class, d -> run(d.runId()).ifPresent(r -> r.filter.delta(d)));
    Bus.on(bus, Addresses.GATEWAY_TOOL, ToolEvent.class, this::tool);
    Bus.on(bus, Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class, f -> end(f.runId(), "final", r -> r.finish(f.text())));
    Bus.on(bus, Addresses.GATEWAY_REPLY_ERROR, ReplyError.class, e -> {
      LOG.debug("reply {} failed: {}", e.runId(), e.message());
      end(e.runId(), "error", ReplyFilter::fail);
    });
    Bus.on(bus, Addresses.GATEWAY_REPLY_ABORTED, ReplyAborted.class, a -> end(a.runId(), "aborted", ReplyFilter::abort));
    Bus.on(bus, Addresses.BRIDGE_INTERRUPT, BridgeInterrupt.class, i -> mute(i.runId()));
    Bus.on(bus, Addresses.TTS_STOP, TtsStop.class, s -> mute(s.runId()));
    Bus.on(bus, Addresses.TTS_INTERRUPTED, TtsInterrupted.class, i -> mute(i.runId()));
    return Future.succeededFuture();
  }

  private Optional<Run> run(String runId) {
    if (closed.contains(runId)) {
      return Optional.empty();
    }
    Run run = open.get(runId);
    if (run == null) {
      if (open.size() >= MAX_OPEN_RUNS) {
        Iterator<String> oldest = open.keySet().iterator();
        String dropped = oldest.next();
        oldest.remove();
        closed.add(dropped);
        LOG.warn("reply {} never finished; no longer filtering it", dropped);
      }
      run = new Run(runId);
      open.put(runId, run);
    }
    return Optional.of(run);
  }

  private void tool(ToolEvent event) {
    run(event.runId()).ifPresent(r -> {
      if ("start".equals(event.phase())) {
        r.filter.toolStarted();
      } else if ("result".equals(event.phase()) && Boolean.TRUE.equals(event.isError()) && settings.speakToolErrors()) {
        String name = event.name() == null || event.name().isBlank() ? "a" : event.name();
        r.filter.say(settings.toolErrorPhrase().replace("{tool}", name));
      }
    });
  }

  private void end(String runId, String reason, Consumer<ReplyFilter> ending) {
    run(runId).ifPresent(r -> {
      ending.accept(r.filter);
      open.remove(runId);
      closed.add(runId);
      Bus.publish(bus, Addresses.SPEECH_DONE, new SpeechDone(runId, r.seq, reason));
    });
  }

  /** Stops filtering a run (or every open run): the user talked over it or asked for silence. */
  private void mute(String runId) {
    if (runId != null) {
      if (open.remove(runId) != null) {
        LOG.debug("muted reply {}", runId);
      }
      closed.add(runId);
      return;
    }
    for (String id : new ArrayList<>(open.keySet())) {
      closed.add(id);
    }
    open.clear();
  }
}
