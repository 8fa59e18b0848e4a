package dev.voicebridge.gateway;

import dev.voicebridge.base.Bounded;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.ReplyAborted;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import dev.voicebridge.bus.GatewayMessages.ReplyError;
import dev.voicebridge.bus.GatewayMessages.ReplyFinal;
import dev.voicebridge.bus.GatewayMessages.ToolEvent;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Turns the gateway's per-run {@code chat} and {@code agent} events into the bus's reply and tool
 * messages. Each run is tracked by runId: a payload {@code seq} at or below the highest seen for that
 * event kind is a repeat and is dropped (chat and agent events number from one shared counter, so they
 * are tracked separately) — except an end state, which may carry the seq of the delta re-sent just
 * before it; the first end state (final, aborted, error) of a run wins — the gateway may report an error
 * twice. Runs are remembered across reconnects, so a run that continues after a
 * reconnect keeps its order.
 */
final class RunStreams {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunStreams.class);

  private static final int REMEMBERED_RUNS = 1024;

  private static final class Run {
    long chatSeq = -1;
    long agentSeq = -1;
    boolean ended;
    String text = "";
  }

  private final EventBus bus;
  private final ProblemLog problems;
  private final Map<String, Run> runs = Bounded.map(REMEMBERED_RUNS, true);

  RunStreams(EventBus bus, ProblemLog problems) {
    this.bus = bus;
    this.problems = problems;
  }

  /** Handles a {@code chat} or {@code agent} event; other events are not this class's business. */
  void onEvent(GatewayFrame.Event event) {
    JsonObject p = event.payload();
    if (!(p.getValue("runId") instanceof String runId) || runId.isBlank()) {
      problems.warn("no-run-id", "a " + event.name() + " event without a runId was ignored");
      return;
    }
    Run run = runs.computeIfAbsent(runId, id -> new Run());
    Long seq = p.getValue("seq") instanceof Number n ? n.longValue() : null;
    if ("chat".equals(event.name())) {
      Object state = p.getValue("state");
      LOG.trace("chat {} of run {} seq {}{}", state, runId, seq, run.ended ? " (after its end)" : "");
      // The gateway re-sends a run's last delta just before its final, and the final may carry that
      // delta's seq: an end state is never a repeat, whatever its seq (only the first end state counts).
      boolean end = "final".equals(state) || "aborted".equals(state) || "error".equals(state);
      if (run.ended || (!end && seq != null && seq <= run.chatSeq)) {
        return;
      }
      run.chatSeq = seq != null ? seq : run.chatSeq;
      onChat(runId, run, p);
    } else if ("agent".equals(event.name())) {
      if (seq != null && seq <= run.agentSeq) {
        return;
      }
      run.agentSeq = seq != null ? seq : run.agentSeq;
      onAgent(runId, p);
    }
  }

  private void onChat(String runId, Run run, JsonObject p) {
    String sessionKey = p.getValue("sessionKey") instanceof String k ? k : null;
    Object state = p.getValue("state");
    if ("final".equals(state) || "aborted".equals(state) || "error".equals(state)) {
      LOG.debug("run {} of {} ended: {}", runId, sessionKey, state);
    }
    if ("delta".equals(state)) {
      String delta = p.getValue("deltaText") instanceof String d ? d : "";
      boolean replace = Boolean.TRUE.equals(p.getValue("replace"));
      String full = p.getValue("message") instanceof JsonObject ? MessageContent.ofMessage(p.getValue("message"))
          : replace ? delta : run.text + delta;
      if (replace && delta.isEmpty()) {
        delta = full;
      }
      run.text = full;
      Bus.publish(bus, Addresses.GATEWAY_REPLY_DELTA, new ReplyDelta(sessionKey, runId, delta, full, replace));
    } else if ("final".equals(state)) {
      run.ended = true;
      String text = p.getValue("message") instanceof JsonObject ? MessageContent.ofMessage(p.getValue("message"))
          : run.text;
      Bus.publish(bus, Addresses.GATEWAY_REPLY_FINAL, new ReplyFinal(sessionKey, runId, text, string(p, "stopReason")));
    } else if ("aborted".equals(state)) {
      run.ended = true;
      String text = p.getValue("message") instanceof JsonObject ? MessageContent.ofMessage(p.getValue("message"))
          : run.text;
      Bus.publish(bus, Addresses.GATEWAY_REPLY_ABORTED,
          new ReplyAborted(sessionKey, runId, text, string(p, "stopReason")));
    } else if ("error".equals(state)) {
      run.ended = true;
      String kind = string(p, "errorKind");
      if (kind == null && p.getValue("errorDetail") instanceof JsonObject d) {
        kind = string(d, "failoverReason");
      }
      String message = string(p, "errorMessage");
      Bus.publish(bus, Addresses.GATEWAY_REPLY_ERROR, new ReplyError(sessionKey, runId,
          message == null ? "the run failed" : message, kind));
    }
  }

  private void onAgent(String runId, JsonObject p) {
    if (!"tool".equals(p.getValue("stream")) || !(p.getValue("data") instanceof JsonObject data)) {
      return;
    }
    if (!(data.getValue("toolCallId") instanceof String callId) || !(data.getValue("phase") instanceof String phase)) {
      problems.warn("bad-tool-event", "a tool event without toolCallId or phase was ignored (run " + runId + ")");
      return;
    }
    if (!"start".equals(phase) && !"result".equals(phase)) {
      return; // progress updates ("update") of a running tool: its result comes in the result phase
    }
    JsonObject args = data.getValue("args") instanceof JsonObject a ? a : null;
    String result = data.getValue("result") instanceof JsonObject r ? MessageContent.text(r.getValue("content"))
        : data.getValue("result") instanceof String s ? s : null;
    Boolean isError = data.getValue("isError") instanceof Boolean b ? b : null;
    Bus.publish(bus, Addresses.GATEWAY_TOOL, new ToolEvent(string(p, "sessionKey"), runId, callId,
        string(data, "name"), phase, args, "result".equals(phase) ? result : null, isError));
  }

  private static String string(JsonObject o, String field) {
    return o.getValue(field) instanceof String s ? s : null;
  }
}
