package dev.voicebridge.cluster;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.metrics.Meters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG2;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.util.TLS;
import org.jgroups.util.TLSClientAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clustered Vert.x of a hub or a satellite: Infinispan's cluster manager over a JGroups stack built
 * here, and the event bus, both on mutual TLS with the household's keys ({@link ClusterKeys}).
 *
 * <p>Why Infinispan and not Hazelcast: the membership protocol is where a stranger would join. JGroups'
 * open-source TCP transport speaks TLS with required client certificates, so a machine without the keys
 * cannot become a member, see who is, or write to the shared subscription map; Hazelcast keeps TLS to its
 * Enterprise edition, so its membership would be open to anyone on the network who knows the cluster's
 * name. The event bus itself (the messages: audio, transcripts, requests) runs on Vert.x's own
 * connections, also mutual TLS.
 *
 * <p>Discovery is a member list (TCPPING: the hub's address), never multicast. Failure detection is by
 * heartbeats over the same TLS connections (FD_ALL3; FD_SOCK2 would open plain sockets of its own), and a
 * hub that comes back after a crash is merged with the satellites that kept running (MERGE3).
 */
public final class ClusterVertx {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterVertx.class);
  /** The JGroups cluster's name: members of other programs on the same port do not mix with ours. */
  static final String CLUSTER_NAME = "voice-bridge";

  private ClusterVertx() {
  }

  /** Joins (or, for the hub, forms) the household's cluster. */
  public static Future<Vertx> create(ClusterSettings settings) {
    ClusterKeys.Member keys = ClusterKeys.load(settings.dir());
    if (settings.role() == ClusterSettings.Role.SATELLITE && !keys.name().equals(settings.room())) {
      throw new BridgeException("the keys in " + settings.dir() + " are " + keys.name() + "'s, not " + settings.room()
          + "'s: give this satellite its own (cluster add-satellite " + settings.room() + " on the hub), or --room "
          + keys.name());
    }
    if (settings.role() == ClusterSettings.Role.HUB && !keys.name().equals(ClusterKeys.HUB_NAME)) {
      throw new BridgeException("the keys in " + settings.dir() + " are satellite " + keys.name() + "'s: a hub runs on "
          + "the directory cluster init made");
    }
    String bind = settings.bindAddress();
    DefaultCacheManager caches;
    try {
      caches = cacheManager(settings, keys, bind);
    } catch (Exception e) {
      throw new BridgeException("cannot set up the cluster transport on " + bind + ": " + e.getMessage(), e);
    }
    PfxOptions key = new PfxOptions().setPath(keys.keyStore().toString()).setPassword(new String(keys.password()));
    PfxOptions trust = new PfxOptions().setPath(keys.trustStore().toString()).setPassword(new String(keys.password()));
    EventBusOptions bus = new EventBusOptions()
        .setHost(bind)
        .setPort(settings.busPort())
        .setSsl(true)
        .setKeyCertOptions(key)
        .setTrustOptions(trust)
        // EventBusOptions trusts every server by default (trustAll true), trust options or not
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED)
        .setEnabledSecureTransportProtocols(java.util.Set.of("TLSv1.3"));
    if (settings.role() == ClusterSettings.Role.HUB && settings.host().isEmpty()) {
      bus.setHost("0.0.0.0").setClusterPublicHost(bind);
    }
    VertxOptions options = new VertxOptions().setEventLoopPoolSize(1).setEventBusOptions(bus);
    LOG.info("cluster: {} {} on {} (membership port {}), keys from {}", settings.role().name().toLowerCase(),
        settings.role() == ClusterSettings.Role.SATELLITE ? settings.room() + ", hub " + settings.joinHost() + ":"
            + settings.joinPort() : "", bind, settings.role() == ClusterSettings.Role.HUB ? settings.port() : "any",
        settings.dir());
    return Meters.clusteredVertx(options, new HouseholdClusterManager(caches))
        .recover(err -> Future.failedFuture(new BridgeException("could not join the cluster"
            + (settings.role() == ClusterSettings.Role.SATELLITE ? " at " + settings.joinHost() + ":" + settings.joinPort()
                : "") + ": " + err.getMessage(), err)));
  }

  private static DefaultCacheManager cacheManager(ClusterSettings settings, ClusterKeys.Member keys, String bind)
      throws Exception {
    ConfigurationBuilderHolder holder = new ConfigurationBuilderHolder();
    GlobalConfigurationBuilder global = holder.getGlobalConfigurationBuilder().clusteredDefault();
    global.transport().clusterName(CLUSTER_NAME).transport(new JGroupsTransport(channel(settings, keys, bind)));
    global.defaultCacheName("distributed-cache");
    // the same caches as vertx-infinispan's default-infinispan.xml: subscriptions and node details replicated
    holder.newConfigurationBuilder("distributed-cache").clustering().cacheMode(CacheMode.DIST_SYNC);
    for (String name : List.of("__vertx.subs", "__vertx.haInfo", "__vertx.nodeInfo")) {
      holder.newConfigurationBuilder(name).clustering().cacheMode(CacheMode.REPL_SYNC);
    }
    holder.newConfigurationBuilder("__vertx.distributed.cache.configuration").clustering().cacheMode(CacheMode.DIST_SYNC)
        .template(true);
    DefaultCacheManager caches = new DefaultCacheManager(holder, false);
    return caches;
  }

  /** The JGroups stack: TCP with mutual TLS, discovery by the hub's address, heartbeats, merging. */
  static JChannel channel(ClusterSettings settings, ClusterKeys.Member keys, String bind) throws Exception {
    TLS tls = new TLS().enabled(true)
        .setKeystorePath(keys.keyStore().toString())
        .setKeystorePassword(new String(keys.password()))
        .setKeystoreType("PKCS12")
        .setTruststorePath(keys.trustStore().toString())
        .setTruststorePassword(new String(keys.password()))
        .setTruststoreType("PKCS12")
        .setClientAuth(TLSClientAuth.NEED)
        .setProtocols(new String[] {"TLSv1.3"});
    InetAddress bindAddress = InetAddress.getByName(bind);
    // A connection both members opened at once is closed on one side; with TLS, JGroups would log each as a
    // failed accept (a warning per join, harmless): real handshake failures still end in no membership.
    TCP tcp = new TCP().tls(tls).logAcceptError(false);
    tcp.setBindAddress(bindAddress);
    boolean hub = settings.role() == ClusterSettings.Role.HUB;
    tcp.setBindPort(settings.port()); // a satellite: the first free port from there
    tcp.setPortRange(hub ? 0 : 50);
    if (hub && settings.host().isEmpty()) {
      tcp.setBindToAllInterfaces(true); // satellites on this machine may join through loopback
    }
    TCPPING ping = new TCPPING();
    ping.setInitialHosts(List.of(hub ? new InetSocketAddress(bindAddress, settings.port())
        : new InetSocketAddress(resolve(settings.joinHost()), settings.joinPort())));
    ping.setPortRange(0);
    JChannel channel = new JChannel(tcp, ping,
        new MERGE3().setMinInterval(2000).setMaxInterval(5000).setCheckInterval(8000),
        // generous: a member starved of CPU for a few seconds (a Pi Zero under load, a GC pause) must not be
        // thrown out and merged back; the satellites judge the hub themselves, every second (HubWatch)
        new FD_ALL3().setTimeout(15000).setInterval(3000),
        new VERIFY_SUSPECT2().setTimeout(2000),
        new NAKACK2().setXmitInterval(500),
        new UNICAST3().setXmitInterval(500),
        new STABLE(),
        new GMS().setJoinTimeout(5000),
        new UFC(),
        new MFC(),
        new FRAG2());
    channel.name(settings.role() == ClusterSettings.Role.SATELLITE ? settings.room() : "hub");
    // JGroups' diagnostics (probe) answer on UDP without any key: members, addresses, attributes. Off.
    if (tcp.getDiagnosticsHandler() != null) {
      tcp.getDiagnosticsHandler().setEnabled(false);
    }
    tcp.disableDiagnostics();
    return channel;
  }

  private static InetAddress resolve(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new BridgeException("the hub's address " + host + " does not resolve: " + e.getMessage(), e);
    }
  }
}
