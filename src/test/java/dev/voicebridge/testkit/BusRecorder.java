package dev.voicebridge.testkit;

import dev.voicebridge.bus.BusJson;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records what is published on some bus addresses, and lets a test thread wait for a message. */
public final class BusRecorder {

  private record Entry(String address, JsonObject body) {
  }

  private final List<Entry> entries = new ArrayList<>();
  /** How many entries {@link #next} and {@link #drain} have handed out, by entry: consumed ones are skipped. */
  private final java.util.Set<Entry> consumed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  public BusRecorder(Vertx vertx, String... addresses) {
    for (String address : addresses) {
      vertx.eventBus().<Object>consumer(address, msg -> {
        if (msg.body() instanceof JsonObject json) {
          synchronized (entries) {
            entries.add(new Entry(address, json.copy()));
            entries.notifyAll();
          }
        }
      }).completion().toCompletionStage().toCompletableFuture().join();
    }
  }

  /** Every message recorded on {@code address} so far that decodes as {@code type} and matches. */
  public <T> List<T> all(String address, Class<T> type, Predicate<T> filter) {
    List<T> out = new ArrayList<>();
    synchronized (entries) {
      for (Entry e : entries) {
        if (e.address().equals(address)) {
          T m = BusJson.decode(e.body(), type);
          if (filter.test(m)) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  public <T> List<T> all(String address, Class<T> type) {
    return all(address, type, m -> true);
  }

  /** Waits for the first message (recorded before or after the call) that matches. */
  public <T> T await(String address, Class<T> type, Predicate<T> filter, Duration timeout) {
    return awaitCount(address, type, filter, 1, timeout).get(0);
  }

  /** Waits until {@code count} matching messages were recorded; returns them. */
  public <T> List<T> awaitCount(String address, Class<T> type, Predicate<T> filter, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (entries) {
      while (true) {
        List<T> found = all(address, type, filter);
        if (found.size() >= count) {
          return found;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("expected " + count + " matching message(s) on " + address + " within "
              + timeout.toSeconds() + " s, got " + found.size() + "; recorded: " + describe(address));
        }
        try {
          entries.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted");
        }
      }
    }
  }

  /**
   * Waits for the next message on {@code address} not yet handed out by this method or {@link #drain}, in
   * arrival order (messages on other addresses stay for their own {@code next}).
   */
  public <T> T next(String address, Class<T> type, long timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    synchronized (entries) {
      while (true) {
        for (Entry e : entries) {
          if (e.address().equals(address) && consumed.add(e)) {
            return BusJson.decode(e.body(), type);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no " + address + " within " + timeoutMs + " ms; recorded: " + describe(address));
        }
        try {
          entries.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted");
        }
      }
    }
  }

  /** Every message not handed out yet ("address body"), which are now handed out. */
  public List<String> drain() {
    List<String> out = new ArrayList<>();
    synchronized (entries) {
      for (Entry e : entries) {
        if (consumed.add(e)) {
          out.add(e.address() + " " + e.body().encode());
        }
      }
    }
    return out;
  }

  private String describe(String address) {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries) {
      if (e.address().equals(address)) {
        String body = e.body().encode();
        sb.append("\n  ").append(body.length() > 300 ? body.substring(0, 300) + "…" : body);
      }
    }
    return sb.length() == 0 ? "(nothing)" : sb.toString();
  }
}
