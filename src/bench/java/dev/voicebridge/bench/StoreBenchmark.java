package dev.voicebridge.bench;

import dev.voicebridge.base.Futures;
import dev.voicebridge.app.BridgeVertx;
import dev.voicebridge.bus.MessageType;
import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.Speakability;
import dev.voicebridge.bus.StoreMessages.SessionCreate;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.store.PersistenceVerticle;
import dev.voicebridge.store.StoreClient;
import dev.voicebridge.store.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turn-append cost through the event bus and the persistence verticle, against a raw sqlite-jdbc baseline
 * that does the same work on the same schema in the same run: one append = one committed row with the
 * next dense turn_index, the FTS and last-activity triggers firing, the stored row returned.
 *
 * <ul>
 *   <li>latency: one append at a time, request to acknowledged commit, p50/p99;
 *   <li>throughput: appends from {@code concurrency} producers at once (the bridge's many verticles);
 *       the raw baseline is one thread committing each row, as a simple application would.
 * </ul>
 */
public final class StoreBenchmark {

  public record Result(double busP50, double busP99, double rawP50, double rawP99, double busPerSecond,
      double rawPerSecond, double throughputRatio) {

    public JsonObject toJson() {
      return new JsonObject().put("busAppendP50Ms", busP50).put("busAppendP99Ms", busP99)
          .put("rawAppendP50Ms", rawP50).put("rawAppendP99Ms", rawP99)
          .put("busAppendsPerSecond", Math.round(busPerSecond)).put("rawAppendsPerSecond", Math.round(rawPerSecond))
          .put("throughputRatio", Math.round(throughputRatio() * 100) / 100.0);
    }
  }

  private static final String CONTENT = "The forecast for tomorrow is mostly sunny with a high of twenty-one "
      + "degrees, a light breeze from the west, and no rain expected until the weekend, when showers are likely.";

  private final int turns;
  private final int concurrency;
  private final PrintWriter log;

  public StoreBenchmark(int turns, int concurrency, PrintWriter log) {
    this.turns = turns;
    this.concurrency = concurrency;
    this.log = log;
  }

  public Result run(Path dir, StoreSettings base) throws Exception {
    Files.createDirectories(dir);
    Vertx vertx = BridgeVertx.create();
    try {
      StoreSettings busSettings = base.withPath(dir.resolve("bus.db"));
      StoreSettings rawSettings = base.withPath(dir.resolve("raw.db"));
      await(vertx.deployVerticle(new PersistenceVerticle(busSettings)));
      // The raw database gets the same schema (migrations, indexes, triggers) from a throwaway verticle.
      String rawDeployment = await(vertx.deployVerticle(new PersistenceVerticle(rawSettings)));
      StoreClient store = new StoreClient(vertx.eventBus());
      SessionView session = await(store.createSession(new SessionCreate("bench", new JsonObject())));

      try (RawAppender raw = new RawAppender(rawSettings)) {
        await(vertx.undeploy(rawDeployment));
        long rawSession = raw.createSession();
        log.println("warming up (" + Math.min(turns, 2000) + " appends each)...");
        log.flush();
        sequential(store, session, Math.min(turns, 2000));
        for (int i = 0; i < Math.min(turns, 2000); i++) {
          raw.append(rawSession);
        }

        log.println("latency: " + turns + " sequential appends each...");
        log.flush();
        Percentiles busLatency = new Percentiles(sequential(store, session, turns));
        long[] rawSamples = new long[turns];
        for (int i = 0; i < turns; i++) {
          long t0 = System.nanoTime();
          raw.append(rawSession);
          rawSamples[i] = System.nanoTime() - t0;
        }
        Percentiles rawLatency = new Percentiles(rawSamples);

        log.println("throughput: " + ROUNDS + " rounds of " + turns / ROUNDS + " appends, raw (one thread) then bus ("
            + concurrency + " in flight) in each round...");
        log.flush();
        // Alternating the two in rounds and taking medians keeps a change in machine load from landing on
        // one side only; the ratio is the median of the per-round ratios.
        double[] rawRates = new double[ROUNDS];
        double[] busRates = new double[ROUNDS];
        double[] ratios = new double[ROUNDS];
        int perRound = Math.max(1, turns / ROUNDS);
        for (int round = 0; round < ROUNDS; round++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < perRound; i++) {
            raw.append(rawSession);
          }
          rawRates[round] = perRound / ((System.nanoTime() - t0) / 1e9);
          busRates[round] = concurrent(vertx, store, session, perRound, concurrency);
          ratios[round] = busRates[round] / rawRates[round];
        }
        return new Result(busLatency.millis(50), busLatency.millis(99), rawLatency.millis(50),
            rawLatency.millis(99), median(busRates), median(rawRates), median(ratios));
      }
    } finally {
      await(vertx.close());
    }
  }

  private static final int ROUNDS = 5;

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static TurnAppend turn(SessionView session, int i) {
    return new TurnAppend(session.sessionUuid(), i % 2 == 0 ? Role.USER : Role.ASSISTANT, CONTENT + " #" + i,
        MessageType.FINAL, Speakability.SPEAK, null, null, null, null, null);
  }

  private long[] sequential(StoreClient store, SessionView session, int n) throws Exception {
    long[] samples = new long[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      await(store.appendTurn(turn(session, i)));
      samples[i] = System.nanoTime() - t0;
    }
    return samples;
  }

  /** {@code inFlight} producers on the event loop, each sending its next append when the last is acked. */
  private double concurrent(Vertx vertx, StoreClient store, SessionView session, int n, int inFlight)
      throws Exception {
    Promise<Void> done = Promise.promise();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    long t0 = System.nanoTime();
    vertx.runOnContext(v -> {
      for (int p = 0; p < inFlight; p++) {
        sendNext(store, session, n, started, finished, done);
      }
    });
    await(done.future());
    return n / ((System.nanoTime() - t0) / 1e9);
  }

  private void sendNext(StoreClient store, SessionView session, int n, AtomicInteger started, AtomicInteger finished,
      Promise<Void> done) {
    int i = started.getAndIncrement();
    if (i >= n) {
      return;
    }
    store.appendTurn(turn(session, i)).onComplete(ar -> {
      if (ar.failed()) {
        done.tryFail(ar.cause());
        return;
      }
      if (finished.incrementAndGet() == n) {
        done.tryComplete();
      } else {
        sendNext(store, session, n, started, finished, done);
      }
    });
  }

  private static <T> T await(Future<T> f) {
    return Futures.await(f);
  }

  /** The baseline: plain JDBC, one connection, each append its own autocommit statement. */
  private static final class RawAppender implements AutoCloseable {
    private final Connection conn;
    private final PreparedStatement insert;

    RawAppender(StoreSettings s) throws SQLException {
      conn = DriverManager.getConnection("jdbc:sqlite:" + s.path() + "?journal_mode=WAL&synchronous="
          + s.synchronous() + "&foreign_keys=true&busy_timeout=" + s.busyTimeoutMs());
      insert = conn.prepareStatement("INSERT INTO conversation_turns (session_id, turn_index, timestamp, role, "
          + "content, message_type, speakability) SELECT ?, COALESCE(MAX(turn_index), -1) + 1, "
          + "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, 'final', 'speak' FROM conversation_turns "
          + "WHERE session_id = ? RETURNING id, turn_index, timestamp");
    }

    long createSession() throws SQLException {
      try (PreparedStatement ps = conn.prepareStatement("INSERT INTO sessions (session_uuid, session_key, "
          + "created_at, last_activity, state, metadata) VALUES (lower(hex(randomblob(16))), 'bench', "
          + "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'active', '{}') "
          + "RETURNING id"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }

    private int counter;

    void append(long sessionId) throws SQLException {
      int i = counter++;
      insert.setLong(1, sessionId);
      insert.setString(2, i % 2 == 0 ? "user" : "assistant");
      insert.setString(3, CONTENT + " #" + i);
      insert.setLong(4, sessionId);
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
      }
    }

    @Override
    public void close() throws SQLException {
      insert.close();
      conn.close();
    }
  }
}
