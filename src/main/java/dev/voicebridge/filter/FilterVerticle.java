package dev.voicebridge.filter;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import dev.voicebridge.bus.NodeMessages.Announce;
import dev.voicebridge.bus.NodeMessages.AnnounceAccepted;
import dev.voicebridge.bus.SessionMessages.RunClaimed;
import dev.voicebridge.bus.SpeechOutMessages.SpeechDone;
import dev.voicebridge.bus.SpeechOutMessages.SpeechHalt;
import dev.voicebridge.bus.SpeechOutMessages.SpeechSay;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the gateway replies this device should speak into sentences: consumes {@code gateway.reply.*} and
 * {@code gateway.tool}, publishes {@code speech.say} per sentence and {@code speech.done} per reply.
 * Which replies is {@link SpeakGate}'s decision: runs this device started ({@code session.run}) are
 * spoken, others are not (unless {@code tts.speakRuns} is session). When speech stops is the session's
 * decision ({@code speech.halt}), obeyed here: the halted runs' remaining text is dropped. Filtering is
 * microseconds per delta, so it runs on the event loop.
 */
public final class FilterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FilterVerticle.class);
  /** Replies in progress at once; more means a gateway lost some finals, and the oldest is dropped. */
  private static final int MAX_OPEN_RUNS = 32;
  /** Events kept for a run not claimed yet (its claim may come after its first deltas). */
  private static final int MAX_HELD_EVENTS = 256;
  /** The run id of an announcement is this and its id. */
  public static final String ANNOUNCE_PREFIX = dev.voicebridge.bus.SpeechOutMessages.ANNOUNCEMENT_RUN_PREFIX;

  private final FilterSettings settings;
  private final SpeakGate gate;
  private final Map<String, Run> open = new LinkedHashMap<>();
  private final Map<String, List<Consumer<Run>>> held = new LinkedHashMap<>();
  private EventBus bus;

  public FilterVerticle(FilterSettings settings, SpeakGate.SpeakRuns speakRuns, String sessionKey) {
    this.settings = settings;
    this.gate = new SpeakGate(speakRuns, sessionKey);
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
    Bus.on(bus, Addresses.SESSION_RUN, RunClaimed.class, this::claimed);
    Bus.on(bus, Addresses.GATEWAY_STATUS, GatewayStatus.class, st -> gate.defaultAgent(st.defaultAgentId()));
    Bus.on(bus, Addresses.GATEWAY_REPLY_DELTA, ReplyDelta.class,
        d -> event(d.runId(), d.sessionKey(), r -> r.filter.delta(d), false));
    Bus.on(bus, Addresses.GATEWAY_TOOL, ToolEvent.class, t -> event(t.runId(), t.sessionKey(), r -> tool(r, t), false));
    Bus.on(bus, Addresses.GATEWAY_REPLY_FINAL, ReplyFinal.class,
        f -> event(f.runId(), f.sessionKey(), r -> end(r, "final", x -> x.finish(f.text())), true));
    Bus.on(bus, Addresses.GATEWAY_REPLY_ERROR, ReplyError.class, e -> {
      LOG.debug("reply {} failed: {}", e.runId(), e.message());
      event(e.runId(), e.sessionKey(), r -> end(r, "error", ReplyFilter::fail), true);
    });
    Bus.on(bus, Addresses.GATEWAY_REPLY_ABORTED, ReplyAborted.class,
        a -> event(a.runId(), a.sessionKey(), r -> end(r, "aborted", ReplyFilter::abort), true));
    Bus.on(bus, Addresses.SPEECH_HALT, SpeechHalt.class, this::halted);
    Bus.serve(bus, Addresses.SPEECH_ANNOUNCE, Announce.class, this::announce);
    return Future.succeededFuture();
  }

  /**
   * An announcement (system.notify from the gateway): the same filter as a reply, whole at once, as a run
   * of its own — so it queues behind what is playing and the user talking over it silences it.
   */
  private Future<AnnounceAccepted> announce(Announce a) {
    String runId = ANNOUNCE_PREFIX + a.id();
    Run r = run(runId);
    end(r, "final", f -> f.finish(a.text()));
    LOG.debug("announcement {}: {} sentence(s)", runId, r.seq);
    return Future.succeededFuture(new AnnounceAccepted(runId, r.seq));
  }

  /** Routes one event of a run by the floor's decision; {@code last} events end the run. */
  private void event(String runId, String sessionKey, Consumer<Run> action, boolean last) {
    switch (gate.event(runId, sessionKey)) {
      case SPEAK -> action.accept(run(runId));
      case HOLD -> {
        if (last) {
          held.remove(runId);
          LOG.debug("reply {} is not this device's: not spoken", runId);
        } else {
          hold(runId, action);
        }
      }
      case DROP -> {
      }
    }
    if (last) {
      gate.close(runId);
    }
  }

  private void hold(String runId, Consumer<Run> action) {
    List<Consumer<Run>> events = held.computeIfAbsent(runId, id -> new ArrayList<>());
    if (events.size() < MAX_HELD_EVENTS) {
      events.add(action);
    }
    if (held.size() > MAX_OPEN_RUNS) {
      Iterator<String> oldest = held.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** The session claims a run: what was held of it is spoken now. */
  private void claimed(RunClaimed claim) {
    gate.claim(claim.runId());
    List<Consumer<Run>> events = held.remove(claim.runId());
    if (events != null && gate.event(claim.runId(), claim.sessionKey()) == SpeakGate.Decision.SPEAK) {
      Run run = run(claim.runId());
      events.forEach(e -> e.accept(run));
    }
  }

  private Run run(String runId) {
    Run run = open.get(runId);
    if (run == null) {
      if (open.size() >= MAX_OPEN_RUNS) {
        Iterator<String> oldest = open.keySet().iterator();
        String dropped = oldest.next();
        oldest.remove();
        gate.close(dropped);
        LOG.warn("reply {} never finished; no longer filtering it", dropped);
      }
      run = new Run(runId);
      open.put(runId, run);
    }
    return run;
  }

  private void tool(Run r, ToolEvent event) {
    if ("start".equals(event.phase())) {
      r.filter.toolStarted();
    } else if ("result".equals(event.phase()) && Boolean.TRUE.equals(event.isError()) && settings.speakToolErrors()) {
      String name = event.name() == null || event.name().isBlank() ? "a" : event.name();
      r.filter.say(settings.toolErrorPhrase().replace("{tool}", name));
    }
  }

  private void end(Run r, String reason, Consumer<ReplyFilter> ending) {
    ending.accept(r.filter);
    open.remove(r.runId);
    Bus.publish(bus, Addresses.SPEECH_DONE, new SpeechDone(r.runId, r.seq, reason));
  }

  /** Obeys a halt: the halted runs (all open ones with {@code all}) are not spoken any further. */
  private void halted(SpeechHalt halt) {
    for (String runId : halt.runIds()) {
      gate.close(runId);
      open.remove(runId);
      held.remove(runId);
    }
    if (halt.all()) {
      gate.closeAll().forEach(open::remove);
      held.clear();
    }
    LOG.debug("speech halted ({}): {}{}", halt.reason(), halt.runIds(), halt.all() ? " and everything playing" : "");
  }
}
