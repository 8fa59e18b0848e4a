package dev.voicebridge.cluster;

import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.ext.cluster.infinispan.InfinispanClusterManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.Merged;
import org.infinispan.notifications.cachemanagerlistener.event.MergeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Infinispan's cluster manager, on the cache manager {@link ClusterVertx} builds, with two things a
 * household needs that it does not do by itself:
 * <ul>
 *   <li><b>After a merge, every member writes its own entries again.</b> When the hub crashes and starts
 *   again, it first forms a cluster of its own; when it merges with the satellites that kept running,
 *   Infinispan keeps the larger side's copy of the replicated caches and drops the other's — the hub's
 *   node details and its consumers ({@code cluster.hub.in}, {@code cluster.hub.request}) would be gone, and
 *   every satellite's request would find nobody to serve it. So each member remembers what it registered
 *   and puts it back after every merge (twice: once the merge's rebalancing has settled, and again later).</li>
 *   <li><b>Leaving stops the cache manager.</b> Given a cache manager, vertx-infinispan leaves it running when
 *   Vert.x closes (it might be the application's); ours is ours, and a member that closed must leave the
 *   membership at once rather than be suspected after the failure-detection timeout.</li>
 * </ul>
 */
final class HouseholdClusterManager extends InfinispanClusterManager {

  private static final Logger LOG = LoggerFactory.getLogger(HouseholdClusterManager.class);
  /** When to write this member's entries again after a merge: the rebalancing done, and once more for safety. */
  private static final long[] REPUBLISH_AFTER_MS = {1500, 6000};

  private final DefaultCacheManager caches;
  private final Map<String, Registration> own = new ConcurrentHashMap<>();
  private volatile Vertx vertx;

  private record Registration(String address, RegistrationInfo info) {
  }

  HouseholdClusterManager(DefaultCacheManager caches) {
    super(caches);
    this.caches = caches;
  }

  @Override
  public void init(Vertx vertx) {
    this.vertx = vertx;
    super.init(vertx);
  }

  @Override
  public void join(Completable<Void> promise) {
    super.join((v, err) -> {
      if (err == null) {
        caches.addListener(new MergeListener());
      }
      promise.complete(v, err);
    });
  }

  @Override
  public void addRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
    own.put(key(address, info), new Registration(address, info));
    super.addRegistration(address, info, promise);
  }

  @Override
  public void removeRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
    own.remove(key(address, info));
    super.removeRegistration(address, info, promise);
  }

  @Override
  public void leave(Completable<Void> promise) {
    // vertx-infinispan completes the leave on the event loop; stopping JGroups and the caches takes seconds
    super.leave((v, err) -> {
      Thread stopper = new Thread(() -> {
        try {
          caches.stop();
        } finally {
          promise.complete(v, err);
        }
      }, "cluster-leave");
      stopper.setDaemon(true);
      stopper.start();
    });
  }

  private static String key(String address, RegistrationInfo info) {
    return address + "#" + info.nodeId() + "#" + info.seq();
  }

  /** Writes this member's node details and consumers into the shared caches again. */
  private void republish() {
    if (!isActive()) {
      return;
    }
    NodeInfo node = getNodeInfo();
    if (node != null) {
      setNodeInfo(node, (v, err) -> {
        if (err != null) {
          LOG.warn("after a merge, this member's details could not be written again: {}", err.getMessage());
        }
      });
    }
    for (Registration r : own.values()) {
      super.addRegistration(r.address(), r.info(), (v, err) -> {
        if (err != null) {
          LOG.warn("after a merge, the consumer of {} could not be written again: {}", r.address(), err.getMessage());
        }
      });
    }
    LOG.debug("after a merge: this member's details and {} consumer(s) written again", own.size());
  }

  @Listener(sync = false)
  public final class MergeListener {
    @Merged
    public void merged(MergeEvent event) {
      LOG.info("the cluster merged again ({} members): writing this member's entries again",
          event.getNewMembers().size());
      Vertx v = vertx;
      if (v != null) {
        for (long ms : REPUBLISH_AFTER_MS) {
          v.setTimer(ms, id -> republish());
        }
      }
    }
  }
}
