package dev.voicebridge.base;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a Vert.x future from a thread that may block (a command's main thread, a benchmark's driver, a
 * test) — never from an event loop. A failure comes back as it was when it is a runtime exception, else
 * wrapped in a {@link BridgeException} with its message.
 */
public final class Futures {

  private Futures() {
  }

  /** Waits for as long as it takes. */
  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BridgeException("interrupted");
    } catch (ExecutionException e) {
      throw unwrapped(e);
    }
  }

  /** Waits at most {@code timeout}; then fails saying that no {@code what} came in time. */
  public static <T> T await(Future<T> future, Duration timeout, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BridgeException("interrupted");
    } catch (ExecutionException e) {
      throw unwrapped(e);
    } catch (TimeoutException e) {
      throw new BridgeException("no " + what + " within " + timeout.toSeconds() + " s");
    }
  }

  private static RuntimeException unwrapped(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException re) {
      return re;
    }
    return new BridgeException(String.valueOf(cause.getMessage()), cause);
  }
}
