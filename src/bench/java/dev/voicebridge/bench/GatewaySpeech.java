package dev.voicebridge.bench;

import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.GatewayMessages.LinkState;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.GatewayClientVerticle;
import dev.voicebridge.gateway.GatewaySettings;
import dev.voicebridge.tts.GatewayVoice;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's speech for a benchmark: a real OpenClaw gateway whose OpenAI speech provider is the mock
 * model server (espeak-ng in a voice of its own, as WAV), and the bridge's gateway client connected to it;
 * {@link #voice()} is what the gateway speech engine uses in the bridge. Blocking; close it.
 */
public final class GatewaySpeech implements AutoCloseable {

  private final Vertx harness = Vertx.vertx();
  private final Vertx bridge = BridgeVertx.create();
  private final OpenClawGateway gateway;

  public GatewaySpeech(Path work) throws Exception {
    MockModel model = MockModel.start(harness).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    String token = "bench-" + UUID.randomUUID();
    gateway = OpenClawGateway.start(work.resolve("gateway"), token, model.baseUrl());
    gateway.awaitReady(harness, Duration.ofSeconds(120));
    BridgeConfig config = BridgeConfig.defaults().with(Map.of("gateway.url", gateway.url(), "gateway.token", token,
        "gateway.identityDir", work.resolve("identity").toString()));
    Promise<Void> connected = Promise.promise();
    Bus.on(bridge.eventBus(), Addresses.GATEWAY_STATUS, GatewayStatus.class, s -> {
      if (s.state() == LinkState.CONNECTED) {
        connected.tryComplete();
      }
    });
    bridge.deployVerticle(new GatewayClientVerticle(GatewaySettings.from(config))).toCompletionStage().toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
    connected.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  public GatewayVoice voice() {
    return new GatewayVoice(bridge);
  }

  @Override
  public void close() {
    gateway.stop();
    bridge.close();
    harness.close();
  }
}
