package dev.voicebridge.metrics;

import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Prometheus registry of each Vert.x instance: Vert.x's own metrics (event bus, HTTP server, pools),
 * the JVM's and the process's, and the bridge's ({@link BridgeMeters}), scraped together at {@code /metrics}.
 *
 * <p>One registry per Vert.x rather than Micrometer's global one: tests and benchmarks run several bridges in
 * one JVM, and each must count its own turns.
 */
public final class Meters {

  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());
  private static final AtomicInteger NAMES = new AtomicInteger();

  private Meters() {
  }

  /** A Vert.x whose metrics go to a registry of its own (see {@link #registry}). */
  public static Vertx vertx(VertxOptions options) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = builder(options, registry).build();
    REGISTRIES.put(vertx, registry);
    return vertx;
  }

  /** The same, clustered by {@code clusterManager} (a hub or a satellite). */
  public static Future<Vertx> clusteredVertx(VertxOptions options, ClusterManager clusterManager) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return builder(options, registry).withClusterManager(clusterManager).buildClustered()
        .onSuccess(vertx -> REGISTRIES.put(vertx, registry));
  }

  private static VertxBuilder builder(VertxOptions options, PrometheusMeterRegistry registry) {
    // Vert.x binds the JVM's and the process's meters (memory, GC, threads, classes, CPU, uptime) itself
    new FileDescriptorMetrics().bindTo(registry);
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true)
        // a name of its own: Vert.x keeps backends by name, and two bridges in a JVM must not share one
        .setRegistryName("voice-bridge-" + NAMES.incrementAndGet())
        .setJvmMetricsEnabled(true);
    return Vertx.builder().with(options.setMetricsOptions(metrics)).withMetrics(new MicrometerMetricsFactory(registry));
  }

  /**
   * The registry of {@code vertx}; a Vert.x made without metrics (a test's) gets one holding the bridge's
   * and the process's meters only.
   */
  public static PrometheusMeterRegistry registry(Vertx vertx) {
    return REGISTRIES.computeIfAbsent(vertx, v -> newRegistry());
  }

  private static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    return registry;
  }
}
