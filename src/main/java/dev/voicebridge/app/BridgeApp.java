package dev.voicebridge.app;

import dev.voicebridge.audio.AudioCaptureVerticle;
import dev.voicebridge.audio.CaptureSettings;
import dev.voicebridge.audio.PlaybackSettings;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.filter.FilterVerticle;
import dev.voicebridge.gateway.GatewayClientVerticle;
import dev.voicebridge.gateway.GatewaySettings;
import dev.voicebridge.session.ConversationVerticle;
import dev.voicebridge.session.RecoverySettings;
import dev.voicebridge.session.RecoveryVerticle;
import dev.voicebridge.session.SessionJanitorVerticle;
import dev.voicebridge.session.SessionSettings;
import dev.voicebridge.store.PersistenceVerticle;
import dev.voicebridge.store.StoreSettings;
import dev.voicebridge.store.Timestamps;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.TranscriptionVerticle;
import dev.voicebridge.tts.TtsSettings;
import dev.voicebridge.tts.TtsVerticle;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.wake.ListenerVerticle;
import dev.voicebridge.wake.WakeSettings;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the bridge's verticles in order. The store comes first because everything else persists
 * through it; each later capability adds its components to {@link #components()}.
 */
public final class BridgeApp {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeApp.class);

  /** What the bridge is run for: the full voice loop, or text chat (no audio). */
  public enum Mode { VOICE, CHAT }

  /** One deployable part of the bridge, and the modes it runs in. */
  public record Component(String name, Set<Mode> modes, Function<BridgeConfig, Deployable> factory,
      DeploymentOptions options, Predicate<BridgeConfig> enabled) {

    public Component(String name, Set<Mode> modes, Function<BridgeConfig, Deployable> factory,
        DeploymentOptions options) {
      this(name, modes, factory, options, c -> true);
    }

    /** The same component, deployed only when the configuration says so. */
    public Component onlyIf(Predicate<BridgeConfig> condition) {
      return new Component(name, modes, factory, options, condition);
    }
  }

  private record Deployed(String name, String id) {
  }

  private final Vertx vertx;
  private final List<Deployed> deployed = new ArrayList<>();
  private Future<Void> stopping;

  private BridgeApp(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Every component, in deployment order. */
  public static List<Component> components() {
    DeploymentOptions standard = new DeploymentOptions();
    // speech in: model inference runs on worker verticles; the consumers are deployed before the capture
    // so that no frame is published to nobody
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    return List.of(
        new Component("store", Set.of(Mode.VOICE, Mode.CHAT),
            c -> new PersistenceVerticle(StoreSettings.from(c)), standard),
        new Component("session-janitor", Set.of(Mode.VOICE, Mode.CHAT),
            c -> new SessionJanitorVerticle(SessionSettings.from(c)), standard),
        // speech out: the player comes up before the filter, so no sentence is published to nobody
        new Component("tts", Set.of(Mode.VOICE),
            c -> new TtsVerticle(TtsSettings.from(c), PlaybackSettings.from(c)), standard),
        new Component("filter", Set.of(Mode.VOICE),
            c -> new FilterVerticle(FilterSettings.from(c)), standard),
        // The session and recovery verticles listen before the gateway client connects, so neither misses
        // the first gateway.status.
        new Component("session", Set.of(Mode.VOICE, Mode.CHAT),
            c -> new ConversationVerticle(SessionSettings.from(c), c.string("gateway.sessionKey"),
                c.integer("gateway.requestTimeoutMs"), c.bool("recovery.enabled"), Timestamps.system()), standard),
        new Component("recovery", Set.of(Mode.VOICE, Mode.CHAT),
            c -> new RecoveryVerticle(RecoverySettings.from(c), SessionSettings.from(c),
                c.integer("gateway.requestTimeoutMs"), Timestamps.system()), standard),
        new Component("gateway", Set.of(Mode.VOICE, Mode.CHAT),
            c -> new GatewayClientVerticle(GatewaySettings.from(c)), standard),
        // speech in
        new Component("listener", Set.of(Mode.VOICE),
            c -> new ListenerVerticle(WakeSettings.from(c), VadSettings.from(c)), worker),
        new Component("speech-to-text", Set.of(Mode.VOICE), c -> new TranscriptionVerticle(SttSettings.from(c)), worker),
        new Component("audio-capture", Set.of(Mode.VOICE),
            c -> new AudioCaptureVerticle(CaptureSettings.from(c)), standard),
        new Component("status-http", Set.of(Mode.VOICE),
            StatusHttpVerticle::new, standard).onlyIf(c -> c.bool("http.enabled")));
  }

  /** Deploys the components of {@code mode} one after the other; fails (undeploying nothing) on the first error. */
  public static Future<BridgeApp> start(Vertx vertx, BridgeConfig config, Mode mode) {
    BridgeApp app = new BridgeApp(vertx);
    Future<Void> chain = Future.succeededFuture();
    for (Component c : components()) {
      if (c.modes().contains(mode) && c.enabled().test(config)) {
        chain = chain.compose(v -> vertx.deployVerticle(c.factory().apply(config), c.options())
            .onSuccess(id -> {
              app.deployed.add(new Deployed(c.name(), id));
              LOG.debug("deployed {}", c.name());
            })
            .recover(err -> Future.failedFuture(err instanceof BridgeException ? err
                : new BridgeException(c.name() + " failed to start: " + err.getMessage(), err)))
            .mapEmpty());
      }
    }
    return chain.map(app);
  }

  public List<String> deployed() {
    return deployed.stream().map(Deployed::name).toList();
  }

  /**
   * Undeploys the components in reverse order — audio capture first, the store last — so that nothing
   * that produces writes outlives the store, which writes out its queue before it closes. A component
   * that fails to stop is logged and the others still stop. {@code vertx.close()} alone would undeploy in
   * no particular order. Calling it again (a shutdown hook racing the normal exit) returns the same stop.
   */
  public synchronized Future<Void> stop() {
    if (stopping != null) {
      return stopping;
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = deployed.size() - 1; i >= 0; i--) {
      Deployed d = deployed.get(i);
      chain = chain.compose(v -> undeploy(d));
    }
    stopping = chain;
    return chain;
  }

  private Future<Void> undeploy(Deployed d) {
    long began = System.nanoTime();
    return vertx.undeploy(d.id())
        .onSuccess(v -> LOG.debug("stopped {} in {} ms", d.name(), (System.nanoTime() - began) / 1_000_000))
        .recover(err -> {
          LOG.warn("{} did not stop cleanly: {}", d.name(), err.getMessage());
          return Future.succeededFuture();
        });
  }

  /** Stops {@code app} (when it started) in order, then closes Vert.x. */
  public static Future<Void> shutdown(Vertx vertx, BridgeApp app) {
    Future<Void> stopped = app == null ? Future.succeededFuture() : app.stop();
    return stopped.eventually(vertx::close);
  }
}
