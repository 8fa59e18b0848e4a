package dev.voicebridge.session;

import dev.voicebridge.bus.StoreMessages.CleanupRequest;
import dev.voicebridge.store.StoreClient;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes sessions that have been idle longer than the stale timeout, at start and then periodically, so
 * that {@code sessions list} tells the truth and a stale session is never resumed. It never deletes
 * anything: deleting history is left to {@code db cleanup}, which a person runs.
 */
public final class SessionJanitorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SessionJanitorVerticle.class);

  private final SessionSettings settings;
  private long timer = -1;

  public SessionJanitorVerticle(SessionSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    long periodMs = Math.max(60_000, Math.min(settings.staleAfter().toMillis() / 2, 300_000));
    timer = vertx.setPeriodic(periodMs, id -> sweep());
    sweep();
    return Future.succeededFuture();
  }

  private void sweep() {
    new StoreClient(vertx.eventBus())
        .cleanup(new CleanupRequest((int) settings.staleAfter().toMinutes(), null, null))
        .onSuccess(r -> {
          if (r.closedStale() > 0) {
            LOG.info("closed {} stale session(s) (idle more than {} min)", r.closedStale(),
                settings.staleAfter().toMinutes());
          }
        })
        .onFailure(err -> LOG.warn("stale-session sweep failed: {}", err.getMessage()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
