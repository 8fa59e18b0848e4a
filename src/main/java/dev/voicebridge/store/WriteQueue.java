package dev.voicebridge.store;

import dev.voicebridge.metrics.BridgeMeters;
import dev.voicebridge.metrics.Meters;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.bus.StoreMessages.TurnView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Serialises every write on the single write connection and commits what arrives together in one
 * transaction (group commit). Turn appends that queue up while a commit is in flight are inserted with one
 * JDBC batch. Nothing is acknowledged before its transaction commits.
 *
 * <p>If a batch fails on a storage error, it is rolled back and each item is retried in a transaction of
 * its own, so one bad write cannot fail the writes that happened to share its batch. An item that fails a
 * check (unknown session, closed session) fails alone, without aborting the others: those checks run
 * before the item writes anything.
 *
 * <p>The common case costs one round trip: a write that arrives alone — a turn append, or an operation that
 * is a single statement — runs as one auto-committed statement, which SQLite makes atomic by itself, with
 * no BEGIN/COMMIT around it. Small runs of appends inside a batch use the same one-statement insert; only
 * when it declines (unknown or closed session, repeated idempotency key) does the full lookup decide.
 *
 * <p>Not thread-safe by design: it lives on the context that created it (the persistence verticle's), and
 * calls from elsewhere hop onto that context.
 */
final class WriteQueue {

  private sealed interface Item permits AppendItem, OpItem {
  }

  private record AppendItem(TurnAppend append, Promise<TurnView> promise) implements Item {
  }

  /** {@code atomic}: the operation is a single statement, so it needs no transaction when it runs alone. */
  private record OpItem<T>(Function<SqlConnection, Future<T>> op, Promise<T> promise, boolean atomic)
      implements Item {
  }

  /** Runs of at most this many appends use the one-statement insert; longer runs the JDBC batch. */
  private static final int SINGLE_INSERTS_UP_TO = 3;

  private final Database db;
  private final TurnRepository turns;
  private final int maxBatch;
  private final Context context;
  private final Deque<Item> queue = new ArrayDeque<>();
  private final List<Promise<Void>> idleWaiters = new ArrayList<>();
  private boolean busy;
  private final Timer commits;

  WriteQueue(Vertx vertx, Database db, TurnRepository turns, int maxBatch) {
    this.commits = BridgeMeters.storeCommit(Meters.registry(vertx));
    this.db = db;
    this.turns = turns;
    this.maxBatch = maxBatch;
    this.context = vertx.getOrCreateContext();
  }

  Future<TurnView> append(TurnAppend append) {
    Promise<TurnView> promise = Promise.promise();
    enqueue(new AppendItem(append, promise));
    return promise.future();
  }

  <T> Future<T> run(Function<SqlConnection, Future<T>> op) {
    Promise<T> promise = Promise.promise();
    enqueue(new OpItem<>(op, promise, false));
    return promise.future();
  }

  /** As {@link #run}, for an operation that is one SQL statement (atomic without a transaction). */
  <T> Future<T> runAtomic(Function<SqlConnection, Future<T>> op) {
    Promise<T> promise = Promise.promise();
    enqueue(new OpItem<>(op, promise, true));
    return promise.future();
  }

  private void enqueue(Item item) {
    if (Vertx.currentContext() == context) {
      queue.add(item);
      drain();
    } else {
      context.runOnContext(v -> {
        queue.add(item);
        drain();
      });
    }
  }

  /** Completes once every write queued so far has been written (or has failed): the store may then close. */
  Future<Void> idle() {
    Promise<Void> idle = Promise.promise();
    context.runOnContext(v -> {
      if (!busy && queue.isEmpty()) {
        idle.complete();
      } else {
        idleWaiters.add(idle);
      }
    });
    return idle.future();
  }

  private void drain() {
    if (!busy && queue.isEmpty() && !idleWaiters.isEmpty()) {
      List<Promise<Void>> waiting = List.copyOf(idleWaiters);
      idleWaiters.clear();
      waiting.forEach(Promise::complete);
    }
    if (busy || queue.isEmpty()) {
      return;
    }
    busy = true;
    List<Item> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    long started = System.nanoTime();
    Future<Void> written = batch.size() == 1 ? alone(batch.get(0))
        : commit(batch).recover(err -> oneByOne(batch));
    written.onComplete(done -> {
      commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      busy = false;
      drain();
    });
  }

  /** One write with nothing queued behind it: a single auto-committed statement when it can be one. */
  private Future<Void> alone(Item item) {
    List<Item> single = List.of(item);
    if (item instanceof AppendItem a) {
      return db.onWriteConnection(conn -> turns.appendOne(conn, a.append()))
          .compose(inserted -> {
            if (inserted.isPresent()) {
              a.promise().tryComplete(inserted.get());
              return Future.<Void>succeededFuture();
            }
            return commit(single); // the full path says why not (404, 409) or returns the stored turn
          })
          .recover(err -> failAll(single, err));
    }
    if (item instanceof OpItem<?> op && op.atomic()) {
      return db.onWriteConnection(conn -> runOp(conn, op))
          .<Void>map(outcome -> {
            complete(op, outcome);
            return null;
          })
          .recover(err -> failAll(single, err));
    }
    return commit(single).recover(err -> failAll(single, err));
  }

  /** Runs the batch in one transaction and, only after the commit, completes every item. */
  private Future<Void> commit(List<Item> batch) {
    return db.inWriteTransaction(conn -> runItems(conn, batch))
        .map(outcomes -> {
          for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), outcomes.get(i));
          }
          return null;
    });
  }

  private Future<Void> oneByOne(List<Item> batch) {
    Future<Void> chain = Future.succeededFuture();
    for (Item item : batch) {
      List<Item> single = List.of(item);
      chain = chain.compose(v -> commit(single).recover(err -> failAll(single, err)));
    }
    return chain;
  }

  private Future<Void> failAll(List<Item> batch, Throwable err) {
    StoreException failure = db.translate(err);
    for (Item item : batch) {
      promiseOf(item).tryFail(failure);
    }
    return Future.succeededFuture();
  }

  private Future<List<Outcome<?>>> runItems(SqlConnection conn, List<Item> batch) {
    List<Outcome<?>> outcomes = new ArrayList<>(batch.size());
    Future<Void> chain = Future.succeededFuture();
    int i = 0;
    while (i < batch.size()) {
      if (batch.get(i) instanceof AppendItem) {
        List<TurnAppend> run = new ArrayList<>();
        while (i < batch.size() && batch.get(i) instanceof AppendItem a) {
          run.add(a.append());
          i++;
        }
        chain = chain.compose(v -> appendRun(conn, run).map(results -> {
          outcomes.addAll(results);
          return null;
        }));
      } else {
        OpItem<?> op = (OpItem<?>) batch.get(i);
        i++;
        chain = chain.compose(v -> runOp(conn, op).map(outcome -> {
          outcomes.add(outcome);
          return null;
        }));
      }
    }
    return chain.map(v -> outcomes);
  }

  private Future<List<Outcome<TurnView>>> appendRun(SqlConnection conn, List<TurnAppend> run) {
    if (run.size() > SINGLE_INSERTS_UP_TO) {
      return turns.appendAll(conn, run);
    }
    List<Outcome<TurnView>> results = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (TurnAppend a : run) {
      chain = chain.compose(v -> turns.appendOne(conn, a)
          .compose(inserted -> inserted.isPresent() ? Future.succeededFuture(List.of(Outcome.ok(inserted.get())))
              : turns.appendAll(conn, List.of(a)))
          .map(one -> {
            results.addAll(one);
            return null;
          }));
    }
    return chain.map(v -> results);
  }

  /** A check failure (our own StoreException, raised before any write) is the item's outcome; anything
   * else aborts the transaction. */
  private <T> Future<Outcome<?>> runOp(SqlConnection conn, OpItem<T> op) {
    Future<T> result;
    try {
      result = op.op().apply(conn);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.transform(ar -> {
      if (ar.succeeded()) {
        return Future.succeededFuture(Outcome.ok(ar.result()));
      }
      if (ar.cause() instanceof StoreException se && se.getCause() == null && se.code() < 500) {
        return Future.succeededFuture(Outcome.failed(se));
      }
      return Future.failedFuture(ar.cause());
    });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void complete(Item item, Outcome<?> outcome) {
    Promise promise = promiseOf(item);
    if (outcome.error() != null) {
      promise.tryFail(outcome.error());
    } else {
      promise.tryComplete(outcome.value());
    }
  }

  private static Promise<?> promiseOf(Item item) {
    return item instanceof AppendItem a ? a.promise() : ((OpItem<?>) item).promise();
  }
}
