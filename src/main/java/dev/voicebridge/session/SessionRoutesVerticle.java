package dev.voicebridge.session;

import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.VoiceWake;
import dev.voicebridge.bus.GatewayMessages.WakeRoute;
import dev.voicebridge.bus.SessionState;
import dev.voicebridge.bus.StoreMessages.SessionQuery;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.gateway.SessionKeys;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conversation per session the user's wake triggers route to. The gateway's routing (trigger → a
 * session or an agent) applies only in its {@code agent} method, not in {@code chat.send}, so the bridge
 * follows it itself: the listener names the routed session on the utterance, and each routed session key
 * gets a conversation and a recovery of its own (the same verticles as the bridge's own session, which
 * then take only the turns routed to them) — its turns are stored, sent one at a time, recovered after a
 * restart and their replies spoken exactly as the bridge's own. They are started when the routes are
 * known (every connect) and, at start-up, for every session key with an active session in the store, so
 * that turns left waiting in a routed session by a crash are recovered too.
 */
public final class SessionRoutesVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRoutesVerticle.class);

  private final SessionSettings settings;
  private final RecoverySettings recovery;
  private final String ownKey;
  private final long requestTimeoutMs;
  private final Timestamps time;
  private final Set<String> started = new LinkedHashSet<>();
  private GatewayStatus lastStatus;
  private String defaultAgentId = "main";

  public SessionRoutesVerticle(SessionSettings settings, RecoverySettings recovery, long requestTimeoutMs,
      Timestamps time) {
    this.settings = settings;
    this.recovery = recovery;
    this.ownKey = recovery.sessionKey();
    this.requestTimeoutMs = requestTimeoutMs;
    this.time = time;
  }

  @Override
  public Future<?> start() {
    Bus.on(vertx.eventBus(), Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> {
      lastStatus = s;
      if (s.defaultAgentId() != null) {
        defaultAgentId = s.defaultAgentId();
      }
    });
    Bus.on(vertx.eventBus(), Addresses.GATEWAY_VOICEWAKE, VoiceWake.class, this::routes);
    // Sessions routed to before a restart: their waiting turns are recovered like the bridge's own.
    return new StoreClient(vertx.eventBus()).listSessions(new SessionQuery(SessionState.ACTIVE, null, 200))
        .compose(list -> {
          List<Future<?>> deployed = new ArrayList<>();
          for (SessionView s : list.sessions()) {
            deployed.add(conversationFor(s.sessionKey()));
          }
          return Future.all(deployed);
        })
        // A satellite whose hub is not up yet starts all the same: the routes come with the gateway's triggers.
        .recover(err -> {
          LOG.warn("routed sessions not recovered at start: {}", err.getMessage());
          return Future.succeededFuture();
        });
  }

  private void routes(VoiceWake wake) {
    List<WakeRoute> all = new ArrayList<>(wake.routes());
    all.add(wake.defaultRoute());
    for (WakeRoute r : all) {
      String key = r.targetSessionKey();
      if (key != null) {
        conversationFor(key).onFailure(err -> LOG.warn("no conversation for session {} (the wake trigger \"{}\" "
            + "routes there): {}", key, r.trigger(), err.getMessage()));
      }
    }
  }

  /** Starts a conversation (and its recovery) for {@code key} unless there is one. */
  private Future<?> conversationFor(String key) {
    if (key == null || key.isBlank() || SessionKeys.same(key, ownKey, defaultAgentId)
        || started.stream().anyMatch(k -> SessionKeys.same(k, key, defaultAgentId))) {
      return Future.succeededFuture();
    }
    started.add(key);
    LOG.info("session {}: a conversation of its own (wake routing)", key);
    // The conversation first: it waits for its recovery's report, which must not come before it listens.
    return vertx.deployVerticle(new ConversationVerticle(settings, key, requestTimeoutMs, recovery.enabled(), time,
            false, lastStatus))
        .compose(id -> vertx.deployVerticle(new RecoveryVerticle(recovery.withSessionKey(key), settings,
            requestTimeoutMs, time, lastStatus)))
        .onFailure(err -> started.remove(key));
  }
}
