package dev.voicebridge.app;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.audio.AudioCaptureVerticle;
import dev.voicebridge.audio.CaptureSettings;
import dev.voicebridge.audio.PlaybackSettings;
import dev.voicebridge.cluster.ClusterSettings;
import dev.voicebridge.cluster.HubVerticle;
import dev.voicebridge.cluster.SatelliteLinkVerticle;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.filter.FilterVerticle;
import dev.voicebridge.filter.SpeakGate;
import dev.voicebridge.gateway.GatewayClientVerticle;
import dev.voicebridge.node.NodeClientVerticle;
import dev.voicebridge.node.NodeSettings;
import dev.voicebridge.gateway.GatewaySettings;
import dev.voicebridge.listen.ListenerVerticle;
import dev.voicebridge.live.DeviceStateVerticle;
import dev.voicebridge.metrics.MetricsVerticle;
import dev.voicebridge.web.WebSettings;
import dev.voicebridge.web.WebVerticle;
import dev.voicebridge.listen.TalkPreferences;
import dev.voicebridge.listen.echo.EchoCancellation;
import dev.voicebridge.listen.echo.EchoSettings;
import dev.voicebridge.session.ConversationVerticle;
import dev.voicebridge.session.RecoverySettings;
import dev.voicebridge.session.RecoveryVerticle;
import dev.voicebridge.session.SessionRoutesVerticle;
import dev.voicebridge.session.SessionJanitorVerticle;
import dev.voicebridge.session.SessionSettings;
import dev.voicebridge.store.PersistenceVerticle;
import dev.voicebridge.store.StoreSettings;
import dev.voicebridge.store.Timestamps;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.TranscriptionVerticle;
import dev.voicebridge.tts.TtsSettings;
import dev.voicebridge.cue.CueSettings;
import dev.voicebridge.cue.CueVerticle;
import dev.voicebridge.timing.TurnTimingVerticle;
import dev.voicebridge.tts.TtsVerticle;
import dev.voicebridge.vad.VadSettings;
import dev.voicebridge.wake.WakeSettings;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the bridge's verticles in order. The store comes first because everything else persists
 * through it; each later capability adds its components to {@link #components()}. This table is the one
 * place the bridge is wired: the bridge itself, {@code chat}, {@code listen} and the benchmarks all start
 * from it, in the {@link Mode} they need.
 */
public final class BridgeApp {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeApp.class);

  /**
   * What the bridge is run for: the full voice loop, text chat (no audio), speech in alone (no gateway); or,
   * in a household of satellites (docs/satellites.md), the hub (speech-to-text for every room, the gateway,
   * the store) or one room's satellite (the voice loop, with the hub's speech-to-text, store and gateway).
   */
  public enum Mode { VOICE, CHAT, LISTEN, HUB, SATELLITE }

  /** What a component is built from: the configuration, and where stdin comes from (a pipe in tests). */
  public record Setup(BridgeConfig config, Supplier<InputStream> stdin) {
  }

  /** One deployable part of the bridge, and the modes it runs in. */
  public record Component(String name, Set<Mode> modes, Function<Setup, Deployable> factory,
      DeploymentOptions options, Predicate<BridgeConfig> enabled) {

    public Component(String name, Set<Mode> modes, Function<Setup, Deployable> factory, DeploymentOptions options) {
      this(name, modes, factory, options, c -> true);
    }

    /** The same component, deployed only when the configuration says so. */
    public Component onlyIf(Predicate<BridgeConfig> condition) {
      return new Component(name, modes, factory, options, condition);
    }
  }

  private record Deployed(String name, String id, Deployable instance) {
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
    Set<Mode> voice = Set.of(Mode.VOICE, Mode.SATELLITE);
    Set<Mode> speechIn = Set.of(Mode.VOICE, Mode.LISTEN, Mode.SATELLITE);
    Set<Mode> conversation = Set.of(Mode.VOICE, Mode.CHAT, Mode.SATELLITE);
    Set<Mode> shared = Set.of(Mode.VOICE, Mode.CHAT, Mode.HUB);
    return List.of(
        // A satellite's link to its hub comes first: the store and the gateway its other parts ask for at
        // their start are the hub's, served through it.
        new Component("satellite-link", Set.of(Mode.SATELLITE),
            s -> new SatelliteLinkVerticle(ClusterSettings.from(s.config())), standard),
        new Component("store", shared, s -> new PersistenceVerticle(StoreSettings.from(s.config())), standard),
        new Component("session-janitor", shared,
            s -> new SessionJanitorVerticle(SessionSettings.from(s.config())), standard),
        // speech out: the player comes up before the filter, so no sentence is published to nobody
        new Component("tts", voice,
            s -> new TtsVerticle(TtsSettings.from(s.config()), PlaybackSettings.from(s.config())), standard),
        new Component("filter", voice, s -> new FilterVerticle(FilterSettings.from(s.config()),
            SpeakGate.SpeakRuns.valueOf(s.config().string("tts.speakRuns").toUpperCase(Locale.ROOT)),
            s.config().string("gateway.sessionKey")), standard),
        // The session and recovery verticles listen before the gateway client connects, so neither misses
        // the first gateway.status.
        new Component("session", conversation, s -> new ConversationVerticle(SessionSettings.from(s.config()),
            s.config().string("gateway.sessionKey"), s.config().integer("gateway.requestTimeoutMs"),
            s.config().bool("recovery.enabled"), Timestamps.system()), standard),
        new Component("recovery", conversation, s -> new RecoveryVerticle(RecoverySettings.from(s.config()),
            SessionSettings.from(s.config()), s.config().integer("gateway.requestTimeoutMs"), Timestamps.system()),
            standard),
        // A conversation of its own for each session the gateway's wake routing sends turns to.
        new Component("session-routes", voice, s -> new SessionRoutesVerticle(SessionSettings.from(s.config()),
            RecoverySettings.from(s.config()), s.config().integer("gateway.requestTimeoutMs"), Timestamps.system()),
            standard),
        // The device's sounds (wake, thinking, error) and its "can't reach OpenClaw" sentence.
        new Component("cues", voice, s -> new CueVerticle(CueSettings.from(s.config())), standard),
        // Times each spoken turn from the bus (turn.timing); up before the listener, so no turn starts unseen.
        new Component("turn-timing", voice, s -> new TurnTimingVerticle(), standard),
        // speech in: capture with echo cancellation -> listener (wake word, VAD, endpointing, barge-in) -> STT
        new Component("listener", speechIn,
            s -> new ListenerVerticle(WakeSettings.from(s.config()), VadSettings.from(s.config()),
                TalkPreferences.from(s.config())), worker),
        new Component("speech-to-text", Set.of(Mode.VOICE, Mode.LISTEN), s -> new TranscriptionVerticle(SttSettings.from(s.config())), worker),
        // The gateway client connects after the listener is up: what it reads on connect (wake triggers, Talk
        // settings) is published once, and a listener still loading its models would miss it.
        new Component("gateway", shared, s -> new GatewayClientVerticle(GatewaySettings.from(s.config())),
            standard),
        // The node connection: the agent reaches the device through it (announcements, push-to-talk).
        new Component("node", Set.of(Mode.VOICE, Mode.HUB), s -> new NodeClientVerticle(GatewaySettings.from(s.config()),
            NodeSettings.from(s.config())), standard).onlyIf(c -> c.bool("node.enabled")),
        new Component("audio-capture", speechIn, s -> new AudioCaptureVerticle(CaptureSettings.from(s.config()),
            s.stdin(), () -> EchoCancellation.create(EchoSettings.from(s.config()))), standard),
        // What the device is doing (device.state) and its meters; both only listen to the bus.
        new Component("device-state", voice, s -> new DeviceStateVerticle(), standard),
        new Component("metrics", voice, s -> new MetricsVerticle(), standard),
        // The hub's side of the satellites: their check-ins, a speech-to-text per room, their requests to the
        // store and the gateway, and each room's share of what the gateway says.
        new Component("hub", Set.of(Mode.HUB), s -> new HubVerticle(SttSettings.from(s.config()),
            ClusterSettings.from(s.config()), "hub"), standard),
        // The live page, /health and /metrics.
        new Component("web", voice, s -> new WebVerticle(WebSettings.from(s.config())), standard)
            .onlyIf(c -> c.bool("http.enabled")));
  }

  /** Deploys the components of {@code mode} one after the other; fails (undeploying nothing) on the first error. */
  public static Future<BridgeApp> start(Vertx vertx, BridgeConfig config, Mode mode) {
    return start(vertx, config, mode, () -> System.in);
  }

  /** The same, reading {@code audio.input.source} stdin from {@code stdin}. */
  public static Future<BridgeApp> start(Vertx vertx, BridgeConfig config, Mode mode, Supplier<InputStream> stdin) {
    BridgeApp app = new BridgeApp(vertx);
    if (mode == Mode.SATELLITE) {
      // the room converses in its own session (cluster.sessionKey), and every part of it says so
      config = config.with(java.util.Map.of("gateway.sessionKey", ClusterSettings.from(config).sessionKey()));
    }
    Setup setup = new Setup(config, stdin);
    Future<Void> chain = Future.succeededFuture();
    for (Component c : components()) {
      if (c.modes().contains(mode) && c.enabled().test(setup.config())) {
        chain = chain.compose(v -> {
          Deployable instance = c.factory().apply(setup);
          return vertx.deployVerticle(instance, c.options())
              .onSuccess(id -> {
                app.deployed.add(new Deployed(c.name(), id, instance));
                LOG.debug("deployed {}", c.name());
              })
              .recover(err -> Future.failedFuture(err instanceof BridgeException ? err
                  : new BridgeException(c.name() + " failed to start: " + err.getMessage(), err)))
              .mapEmpty();
        });
      }
    }
    return chain.map(app);
  }

  public List<String> deployed() {
    return deployed.stream().map(Deployed::name).toList();
  }

  /** The deployed instance of component {@code name} (e.g. "listener"), for commands that wait on it. */
  public <T> Optional<T> component(String name, Class<T> type) {
    return deployed.stream().filter(d -> d.name().equals(name)).map(Deployed::instance)
        .filter(type::isInstance).map(type::cast).findFirst();
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
