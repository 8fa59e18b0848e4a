package dev.voicebridge.store;

import dev.voicebridge.bus.Role;
import dev.voicebridge.bus.StoreMessages.SessionActive;
import dev.voicebridge.bus.StoreMessages.SessionView;
import dev.voicebridge.bus.StoreMessages.TurnAppend;
import dev.voicebridge.testkit.TestStore;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * Child process of {@link CrashSafetyTest}: appends turns through the persistence verticle, several in
 * flight, and prints {@code ACK <turnIndex> <content>} for each one the store acknowledged, until killed.
 */
public final class CrashWriter {

  private CrashWriter() {
  }

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    TestStore ts = TestStore.start(vertx, Path.of(args[0]));
    SessionView s = ts.client.activeSession(new SessionActive("crash", null)).toCompletionStage()
        .toCompletableFuture().get();
    System.out.println("READY " + s.sessionUuid());
    System.out.flush();
    for (int lane = 0; lane < 4; lane++) {
      vertx.runOnContext(v -> next(ts.client, s.sessionUuid()));
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static int counter;

  private static void next(StoreClient store, String uuid) {
    String content = "turn " + (counter++) + " of a conversation that must survive a crash";
    store.appendTurn(new TurnAppend(uuid, Role.USER, content, null, null, null, null, null, null, null))
        .onSuccess(t -> {
          synchronized (System.out) {
            System.out.println("ACK " + t.turnIndex() + " " + t.content());
            System.out.flush();
          }
          next(store, uuid);
        })
        .onFailure(err -> {
          System.out.println("FAIL " + err.getMessage());
          System.out.flush();
        });
  }
}
