package dev.voicebridge.cli;

import dev.voicebridge.app.BridgeApp;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.config.BridgeConfig;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.voicebridge.cluster.ClusterSettings;
import dev.voicebridge.cluster.ClusterVertx;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run} (also what the jar does without a command): the bridge, until SIGINT or SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the bridge until interrupted (Ctrl-C or SIGTERM); shuts down cleanly.")
public final class RunCommand extends CommandBase {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /** Set when invoked as the root command (no subcommand), which has no spec of its own for run. */
  public GlobalOptions global;

  @Option(names = "--role", paramLabel = "ROLE", description = "all (one box, the default), hub or satellite (cluster.role)")
  String role;

  @Option(names = "--room", paramLabel = "NAME", description = "A satellite's room, e.g. kitchen (cluster.room)")
  String room;

  @Option(names = "--cluster-dir", paramLabel = "DIR", description = "This member's keys (cluster.dir)")
  String clusterDir;

  @Option(names = "--cluster-port", paramLabel = "PORT", description = "The hub's membership port (cluster.port)")
  String clusterPort;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS", description = "Address to bind the cluster to (cluster.host)")
  String clusterHost;

  @Option(names = "--join", paramLabel = "HOST:PORT", description = "A satellite's hub (cluster.join)")
  String join;

  @Override
  protected GlobalOptions global() {
    return global != null ? global : super.global();
  }

  /** The cluster flags as configuration overrides (a flag wins over --set and the file). */
  private Map<String, String> clusterFlags() {
    Map<String, String> flags = new LinkedHashMap<>();
    putIf(flags, "cluster.role", role);
    putIf(flags, "cluster.room", room);
    putIf(flags, "cluster.dir", clusterDir);
    putIf(flags, "cluster.port", clusterPort);
    putIf(flags, "cluster.host", clusterHost);
    putIf(flags, "cluster.join", join);
    return flags;
  }

  private static void putIf(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    BridgeConfig config = CliRuntime.loadConfig(global()).with(clusterFlags());
    ClusterSettings cluster = ClusterSettings.from(config);
    LOG.info("configuration: {}", config.file().map(f -> "file " + f.toAbsolutePath()).orElse("built-in defaults"));
    LOG.debug("effective configuration: {}", config.toMaskedJson().encode());
    Vertx vertx = cluster.clustered() ? CliRuntime.waitFor(ClusterVertx.create(cluster)) : BridgeVertx.create();
    BridgeApp.Mode mode = switch (cluster.role()) {
      case ALL -> BridgeApp.Mode.VOICE;
      case HUB -> BridgeApp.Mode.HUB;
      case SATELLITE -> BridgeApp.Mode.SATELLITE;
    };
    BridgeApp app;
    try {
      app = CliRuntime.waitFor(BridgeApp.start(vertx, config, mode));
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
