package dev.voicebridge.testing;

import dev.voicebridge.bus.Bus;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records the messages published on some addresses, in arrival order, for assertions. */
public final class BusRecorder {

  /** One recorded message. */
  public record Event(String address, Object message) {
  }

  private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  private final List<Event> seen = new ArrayList<>();

  public <T> BusRecorder on(EventBus bus, String address, Class<T> type) {
    Bus.on(bus, address, type, m -> queue.add(new Event(address, m)));
    return this;
  }

  /** Waits for the next message on {@code address} (others seen meanwhile are kept), or fails. */
  public <T> T next(String address, Class<T> type, long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      for (int i = 0; i < seen.size(); i++) {
        if (seen.get(i).address().equals(address)) {
          return type.cast(seen.remove(i).message());
        }
      }
      long left = deadline - System.currentTimeMillis();
      Event e = left > 0 ? queue.poll(left, TimeUnit.MILLISECONDS) : null;
      if (e == null) {
        throw new AssertionError("no " + address + " within " + timeoutMs + " ms; seen: " + seen);
      }
      seen.add(e);
    }
  }

  /** Everything received so far, drained. */
  public List<Event> drain() {
    queue.drainTo(seen);
    List<Event> all = new ArrayList<>(seen);
    seen.clear();
    return all;
  }
}
