package dev.voicebridge.cli;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chat}: talk to OpenClaw in text through the same verticles and bus as the voice path. Each line
 * read from stdin is one user turn; the reply is printed as it streams; at end of input the command
 * exits once the last reply is complete.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
    description = {"Chat with OpenClaw in text: reads lines from stdin (typed or piped), prints each reply as it "
        + "streams, and exits at end of input after the last reply. Turns are stored like spoken ones.",
        "The token may also come from VOICE_BRIDGE_GATEWAY_TOKEN or gateway.token; it is never logged."})
public final class ChatCommand extends CommandBase {

  @Option(names = "--gateway", paramLabel = "URL", description = "Gateway WebSocket URL (default: gateway.url)")
  String gateway;

  @Option(names = "--token", paramLabel = "TOKEN", description = "Gateway token (default: "
      + "$VOICE_BRIDGE_GATEWAY_TOKEN, else gateway.token)")
  String token;

  @Option(names = "--session", paramLabel = "KEY", description = "OpenClaw session key (default: gateway.sessionKey)")
  String session;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for the gateway (at start and after a lost connection) before giving up "
          + "(default: ${DEFAULT-VALUE})")
  int waitSeconds;

  @Override
  public Integer call() throws IOException {
    if (waitSeconds < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--wait must be at least 1 second");
    }
    Map<String, String> overrides = new LinkedHashMap<>();
    if (gateway != null) {
      overrides.put("gateway.url", gateway);
    }
    if (token != null) {
      overrides.put("gateway.token", token);
    }
    if (session != null) {
      overrides.put("gateway.sessionKey", session);
    }
    BridgeConfig config = CliRuntime.loadConfig(global()).with(overrides);
    Vertx vertx = BridgeVertx.create();
    AtomicReference<BridgeApp> app = new AtomicReference<>();
    Thread hook = new Thread(() -> closeQuietly(vertx, app.get()), "voice-bridge-chat-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ChatConsole console = new ChatConsole(vertx, config.string("gateway.url"),
          TimeUnit.SECONDS.toMillis(waitSeconds), config.integer("gateway.requestTimeoutMs"),
          new PrintStream(System.out, true, StandardCharsets.UTF_8), System.console() != null);
      app.set(CliRuntime.waitFor(BridgeApp.start(vertx, config, BridgeApp.Mode.CHAT)));
      console.awaitGateway();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        console.run(in);
      }
      return 0;
    } finally {
      closeQuietly(vertx, app.get());
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting: the hook runs anyway
      }
    }
  }

  private static void closeQuietly(Vertx vertx, BridgeApp app) {
    try {
      dev.voicebridge.base.Futures.await(BridgeApp.shutdown(vertx, app), java.time.Duration.ofSeconds(15), "shutdown");
    } catch (Exception ignored) {
      // closing twice or during JVM exit: nothing left to do
    }
  }
}
