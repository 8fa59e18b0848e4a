package dev.voicebridge.testkit;

import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.RawGatewayClient;
import dev.voicebridge.base.Futures;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.GatewaySettings;
import java.util.List;
import java.util.Map;
import dev.voicebridge.cli.CliRuntime;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One real OpenClaw gateway (and its mock model) for the whole test JVM: a cold start takes about 15 s,
 * so the test classes share it. Tests keep apart by using session keys and trigger phrases of their own.
 * Stopped when the JVM exits.
 */
public final class SharedGateway {

  private static SharedGateway instance;

  private final Vertx vertx;
  private final MockModel model;
  private final OpenClawGateway gateway;
  private final Path dir;

  private SharedGateway(Vertx vertx, MockModel model, OpenClawGateway gateway, Path dir) {
    this.vertx = vertx;
    this.model = model;
    this.gateway = gateway;
    this.dir = dir;
  }

  public static synchronized SharedGateway get() {
    if (instance == null) {
      instance = startNew();
      Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "shared-gateway-stop"));
    }
    return instance;
  }

  private static SharedGateway startNew() {
    Vertx vertx = Vertx.vertx();
    try {
      Path dir = Files.createTempDirectory("openclaw-test-");
      MockModel model = CliRuntime.waitFor(MockModel.start(vertx));
      OpenClawGateway gateway = OpenClawGateway.start(dir, "test-token-" + UUID.randomUUID(), model.baseUrl());
      try {
        gateway.awaitReady(vertx, Duration.ofSeconds(90));
      } catch (RuntimeException e) {
        gateway.kill();
        throw e;
      }
      return new SharedGateway(vertx, model, gateway, dir);
    } catch (IOException e) {
      vertx.close();
      throw new IllegalStateException(e);
    }
  }

  public MockModel model() {
    return model;
  }

  public OpenClawGateway gateway() {
    return gateway;
  }

  public String url() {
    return gateway.url();
  }

  public String token() {
    return gateway.token();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Another operator of this gateway (the user's phone, or the owner's console with more scopes): a fresh
   * device, connected with the shared token — on loopback the gateway pairs it at once.
   */
  public RawGatewayClient client(String... scopes) {
    GatewaySettings settings = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.url", url(),
        "gateway.token", token())));
    var connecting = scopes.length == 0 ? RawGatewayClient.connect(vertx, settings, DeviceIdentity.generate())
        : RawGatewayClient.connect(vertx, settings, DeviceIdentity.generate(), List.of(scopes));
    return Futures.await(connecting, Duration.ofSeconds(60), "a connection to the test gateway");
  }

  /** A trigger phrase no other test uses. */
  public static String trigger(String name) {
    return "[" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + "]";
  }

  /** Kills the gateway (SIGKILL) and starts it again on the same port and state; returns when it is ready. */
  public void killAndRestart() {
    gateway.kill();
    gateway.restart();
    gateway.awaitReady(vertx, Duration.ofSeconds(90));
  }

  private void shutdown() {
    gateway.kill(); // its state is thrown away: no need for a graceful stop
    model.close();
    vertx.close();
    if (Boolean.getBoolean("voicebridge.keepGateway")) {
      System.err.println("the test gateway's state and logs are kept in " + dir);
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory: the OS cleans up what is left
    }
  }
}
