package dev.voicebridge.cli;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** {@code run} (also what the jar does without a command): the bridge, until SIGINT or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the bridge until interrupted (Ctrl-C or SIGTERM); shuts down cleanly.")
public final class RunCommand extends CommandBase {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /** Set when invoked as the root command (no subcommand), which has no spec of its own for run. */
  public GlobalOptions global;

  @Override
  protected GlobalOptions global() {
    return global != null ? global : super.global();
  }

  @Override
  public Integer call() throws InterruptedException {
    BridgeConfig config = CliRuntime.loadConfig(global());
    LOG.info("configuration: {}", config.file().map(f -> "file " + f.toAbsolutePath()).orElse("built-in defaults"));
    LOG.debug("effective configuration: {}", config.toMaskedJson().encode());
    Vertx vertx = BridgeVertx.create();
    BridgeApp app;
    try {
      app = CliRuntime.waitFor(BridgeApp.start(vertx, config, BridgeApp.Mode.VOICE));
    } catch (RuntimeException e) {
      CliRuntime.waitFor(vertx.close());
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    BridgeApp started = app;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      try {
        dev.voicebridge.base.Futures.await(BridgeApp.shutdown(vertx, started), java.time.Duration.ofSeconds(15), "shutdown");
        LOG.info("stopped");
      } catch (Exception e) {
        LOG.warn("shutdown did not finish cleanly: {}", e.toString());
      } finally {
        stopped.countDown();
      }
    }, "voice-bridge-shutdown"));
    LOG.info("ready ({}); press Ctrl-C to stop", String.join(", ", app.deployed()));
    stopped.await();
    return 0;
  }
}
