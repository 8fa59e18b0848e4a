package dev.voicebridge.gateway;

import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import dev.voicebridge.bus.GatewayMessages.WakeRoute;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's voice-wake state as this device knows it: the trigger list ({@code voicewake.get}, event
 * {@code voicewake.changed}) and the trigger routing ({@code voicewake.routing.get}, event
 * {@code voicewake.routing.changed} — which 2026.9.6 never broadcasts to operators, so the routing is read
 * again on every connect). Pure: the client verticle feeds it payloads and publishes what it returns.
 *
 * <p>The gateway applies routing only in its {@code agent} method; {@code chat.send}, which the bridge
 * uses, takes no trigger. So the bridge resolves a route itself ({@link VoiceWake#route}), with the gateway's
 * own normalisation and its rule: the first route whose trigger equals the spoken one, else the default.
 */
public final class VoiceWakeSync {

  private List<String> triggers = List.of();
  private List<WakeRoute> routes = List.of();
  private WakeRoute defaultRoute = WakeRoute.CURRENT;

  /** A {@code voicewake.get} result or {@code voicewake.changed} payload: {@code {triggers: [...]}}. */
  public Optional<VoiceWake> triggers(JsonObject payload) {
    JsonArray list = payload == null ? null : payload.getJsonArray("triggers");
    if (list == null) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (o instanceof String s && !s.isBlank()) {
        out.add(s.strip());
      }
    }
    triggers = List.copyOf(out);
    return Optional.of(current());
  }

  /** A {@code voicewake.routing.get} result or {@code voicewake.routing.changed} payload: {@code {config}}. */
  public Optional<VoiceWake> routing(JsonObject payload) {
    JsonObject config = payload == null ? null : payload.getJsonObject("config");
    if (config == null) {
      return Optional.empty();
    }
    List<WakeRoute> out = new ArrayList<>();
    JsonArray list = config.getJsonArray("routes", new JsonArray());
    for (Object o : list) {
      String trigger = o instanceof JsonObject r && r.getValue("trigger") instanceof String t ? VoiceWake.normalise(t)
          : "";
      if (!trigger.isEmpty()) {
        target(trigger, ((JsonObject) o).getJsonObject("target")).ifPresent(out::add);
      }
    }
    routes = List.copyOf(out);
    defaultRoute = target(null, config.getJsonObject("defaultTarget")).orElse(WakeRoute.CURRENT);
    return Optional.of(current());
  }

  public VoiceWake current() {
    return new VoiceWake(triggers, routes, defaultRoute);
  }

  /** A target is exactly one of {mode: current}, {agentId}, {sessionKey}; anything else is not a route. */
  private static Optional<WakeRoute> target(String trigger, JsonObject t) {
    if (t == null) {
      return Optional.empty();
    }
    if ("current".equals(t.getValue("mode"))) {
      return Optional.of(new WakeRoute(trigger, null, null));
    }
    String agent = t.getValue("agentId") instanceof String a && !a.isBlank() ? a.strip() : null;
    String session = t.getValue("sessionKey") instanceof String k && !k.isBlank() ? k.strip() : null;
    if ((agent == null) == (session == null)) {
      return Optional.empty();
    }
    return Optional.of(new WakeRoute(trigger, session, agent));
  }
}
