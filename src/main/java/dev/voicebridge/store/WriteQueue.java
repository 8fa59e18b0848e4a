package dev.voicebridge.store;

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
 * <p>Not thread-safe by design: it lives on the context that created it (the persistence verticle's), and
 * calls from elsewhere hop onto that context.
 */
final class WriteQueue {

  private sealed interface Item permits AppendItem, OpItem {
  }

  private record AppendItem(TurnAppend append, Promise<TurnView> promise) implements Item {
  }

  private record OpItem<T>(Function<SqlConnection, Future<T>> op, Promise<T> promise) implements Item {
  }

  private final Database db;
  private final TurnRepository turns;
  private final int maxBatch;
  private final Context context;
  private final Deque<Item> queue = new ArrayDeque<>();
  private boolean busy;

  WriteQueue(Vertx vertx, Database db, TurnRepository turns, int maxBatch) {
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
    enqueue(new OpItem<>(op, promise));
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

  private void drain() {
    if (busy || queue.isEmpty()) {
      return;
    }
    busy = true;
    List<Item> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < maxBatch) {
      batch.add(queue.poll());
    }
    commit(batch)
        .recover(err -> batch.size() == 1 ? failAll(batch, err) : oneByOne(batch))
        .onComplete(done -> {
          busy = false;
          drain();
        });
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
        chain = chain.compose(v -> turns.appendAll(conn, run).map(results -> {
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
