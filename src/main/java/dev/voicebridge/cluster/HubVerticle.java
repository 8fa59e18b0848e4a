package dev.voicebridge.cluster;

import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.bus.AddressScope;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.ClusterMessages;
import dev.voicebridge.bus.ClusterMessages.Join;
import dev.voicebridge.bus.ClusterMessages.Joined;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.NodeMessages.Announce;
import dev.voicebridge.bus.NodeMessages.AnnounceAccepted;
import dev.voicebridge.gateway.SessionKeys;
import dev.voicebridge.stt.SttSettings;
import dev.voicebridge.stt.TranscriptionVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's side of the satellites: it takes their check-ins ({@link RoomRouter} learns each room and its
 * session) and starts a speech-to-text of its own for every room, so rooms speaking at once are
 * transcribed at once; it feeds each room's utterance audio to that room's transcriber and sends the
 * partial and final transcripts back; it serves the satellites' requests to the store and the gateway from
 * an allow-list ({@link ClusterContract}); and it sends each room what the gateway says about the room's
 * own session only, plus the gateway's state (status, Talk settings, wake triggers) to every room.
 */
public final class HubVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HubVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  /** The gateway's state every room is told on joining, and on every change. */
  private static final List<String> GATEWAY_STATE = List.of(Addresses.GATEWAY_STATUS, Addresses.GATEWAY_TALK,
      Addresses.GATEWAY_VOICEWAKE);
  private static final List<String> SESSION_EVENTS = List.of(Addresses.GATEWAY_REPLY_DELTA,
      Addresses.GATEWAY_REPLY_FINAL, Addresses.GATEWAY_REPLY_ERROR, Addresses.GATEWAY_REPLY_ABORTED,
      Addresses.GATEWAY_TOOL);

  private final SttSettings stt;
  private final ClusterSettings cluster;
  private final String hubName;
  private final RoomRouter router = new RoomRouter();
  private final Map<String, JsonObject> lastState = new LinkedHashMap<>();
  /** Which room each stored session belongs to (learnt from the rooms' store requests). */
  private final Map<String, String> roomBySessionUuid = new LinkedHashMap<>();
  private final Map<String, Future<String>> transcribers = new LinkedHashMap<>();

  public HubVerticle(SttSettings stt, ClusterSettings cluster, String hubName) {
    this.stt = stt;
    this.cluster = cluster;
    this.hubName = hubName;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    for (String address : GATEWAY_STATE) {
      bus.localConsumer(address, (Message<JsonObject> msg) -> {
        lastState.put(address, msg.body());
        if (Addresses.GATEWAY_STATUS.equals(address)) {
          router.defaultAgent(msg.body().getString("defaultAgentId"));
        }
        router.rooms().forEach(room -> toRoom(room, address, msg.body()));
      });
    }
    for (String address : SESSION_EVENTS) {
      bus.localConsumer(address, (Message<JsonObject> msg) ->
          router.roomsFor(msg.body().getString("sessionKey")).forEach(room -> toRoom(room, address, msg.body())));
    }
    bus.localConsumer(Addresses.STORE_TURN_COMMITTED, (Message<JsonObject> msg) -> {
      JsonObject turn = msg.body().getJsonObject("turn");
      String room = turn == null ? null : roomBySessionUuid.get(turn.getString("sessionUuid"));
      if (room != null) {
        toRoom(room, Addresses.STORE_TURN_COMMITTED, msg.body());
      }
    });
    // Announcements (the node's system.notify, or any member): spoken in one room or in all of them.
    Bus.serve(bus, Addresses.SPEECH_ANNOUNCE, Announce.class, this::announce);
    return Future.all(bus.consumer(Addresses.CLUSTER_HUB_IN, this::fromSatellite).completion(),
        bus.consumer(Addresses.CLUSTER_HUB_REQUEST, this::request).completion());
  }

  private void toRoom(String room, String address, Object body) {
    vertx.eventBus().send(Addresses.clusterRoom(room), body,
        new DeliveryOptions().addHeader(ClusterMessages.HEADER_ADDRESS, address));
  }

  /** Whether a gateway request of {@code room} names the session this hub gives it. */
  private boolean ownSession(String room, Object body) {
    return room != null && router.joined(room) && body instanceof JsonObject json
        && router.roomsFor(SessionKeys.canonical(json.getString("sessionKey"), router.defaultAgentId())).contains(room);
  }

  /** Asks each target room's filter to speak {@code a}; accepted when at least one room took it. */
  private Future<AnnounceAccepted> announce(Announce a) {
    List<String> targets = router.announceTo(a.room());
    if (targets.isEmpty()) {
      return Future.failedFuture(new NoRoom(a.room() == null || a.room().isBlank() ? "no satellite has joined the hub"
          : "no satellite of room " + a.room() + " has joined the hub (rooms: " + router.rooms() + ")"));
    }
    JsonObject body = BusJson.encode(new Announce(a.id(), a.text()));
    List<Future<Message<JsonObject>>> asked = targets.stream().map(room -> vertx.eventBus().<JsonObject>request(
        Addresses.clusterRoom(room), body, new DeliveryOptions().setSendTimeout(10_000)
            .addHeader(ClusterMessages.HEADER_ADDRESS, Addresses.SPEECH_ANNOUNCE))).toList();
    return Future.join(asked).transform(ar -> {
      for (Future<Message<JsonObject>> f : asked) {
        if (f.succeeded()) {
          return Future.succeededFuture(BusJson.decode(f.result().body(), AnnounceAccepted.class));
        }
      }
      return Future.failedFuture(new NoRoom("no room could speak it: " + asked.get(0).cause().getMessage()));
    });
  }

  /** Nobody to announce to: 404. */
  private static final class NoRoom extends dev.voicebridge.base.BridgeException implements Bus.Coded {
    NoRoom(String message) {
      super(message);
    }

    @Override
    public int code() {
      return 404;
    }
  }

  /** A satellite's event: its utterance's audio and bounds go to the room's transcriber. */
  private void fromSatellite(Message<Object> msg) {
    String room = msg.headers().get(ClusterMessages.HEADER_ROOM);
    String address = msg.headers().get(ClusterMessages.HEADER_ADDRESS);
    if (room == null || address == null || !ClusterContract.UPLINK.contains(address)) {
      LOG.warn("dropped a satellite event for {} from room {}: not an address satellites send", address, room);
      return;
    }
    if (Addresses.SESSION_TURN_HELD.equals(address)) {
      vertx.eventBus().publish(address, msg.body(), LOCAL);
      return;
    }
    if (!router.joined(room)) {
      LOG.debug("{} from room {}, which has not checked in yet: dropped", address, room);
      return;
    }
    AddressScope scope = AddressScope.room(room);
    if (Addresses.AUDIO_FRAME.equals(address)) {
      if (!(msg.body() instanceof Buffer pcm) || msg.headers().get(AudioFrames.HEADER_AUDIO_MS) == null) {
        return;
      }
      vertx.eventBus().publish(scope.of(address), pcm, new DeliveryOptions(LOCAL).addHeader(
          AudioFrames.HEADER_AUDIO_MS, String.valueOf(msg.headers().get(AudioFrames.HEADER_AUDIO_MS))));
    } else {
      vertx.eventBus().publish(scope.of(address), msg.body(), LOCAL);
    }
  }

  /** A satellite's request: a check-in, or one of the hub's services on the allow-list. */
  private void request(Message<Object> msg) {
    String room = msg.headers().get(ClusterMessages.HEADER_ROOM);
    String address = msg.headers().get(ClusterMessages.HEADER_ADDRESS);
    if (Addresses.CLUSTER_JOIN.equals(address)) {
      join(msg);
    } else if (address != null && (ClusterContract.HUB_SERVICES.contains(address)
        || ClusterContract.HUB_REQUESTS.contains(address))) {
      if (ClusterContract.ROOM_SESSION_ONLY.contains(address) && !ownSession(room, msg.body())) {
        LOG.warn("room {} asked for {} in another room's session; refused", room, address);
        msg.fail(403, address + ": a room may use its own session only");
        return;
      }
      if (room != null && msg.body() instanceof JsonObject body && body.getValue("sessionUuid") instanceof String s) {
        roomBySessionUuid.put(s, room);
      }
      Relay.forward(vertx.eventBus(), msg, address,
          new DeliveryOptions(LOCAL).setSendTimeout(ClusterContract.HUB_SERVICE_TIMEOUT_MS),
          "nothing serves " + address + " on the hub");
    } else {
      LOG.warn("room {} asked for {}, which the hub does not serve satellites; refused", room, address);
      msg.fail(403, address + " is not open to satellites");
    }
  }

  /**
   * A check-in. Only rooms the hub made keys for ({@code satellites/ROOM} in its key directory), and only in
   * the session this hub gives the room ({@code cluster.sessionKey}): a satellite cannot name itself into
   * another conversation. Answered at once (the hub is there); the room's transcriber starts in the
   * background, and the room counts as joined — its audio transcribed, the gateway's state sent to it — once
   * it runs.
   */
  private void join(Message<Object> msg) {
    Join join;
    try {
      join = BusJson.decode(msg.body(), Join.class);
      ClusterKeys.checkName(join.room());
    } catch (RuntimeException e) {
      msg.fail(400, Addresses.CLUSTER_JOIN + ": " + e.getMessage());
      return;
    }
    String room = join.room();
    String session = cluster.sessionKeyOf(room);
    if (!join.sessionKey().equals(session)) {
      msg.fail(403, "on this hub room " + room + " converses in session " + session + ", not " + join.sessionKey()
          + ": set cluster.sessionKey the same on the hub and the satellite");
      return;
    }
    vertx.fileSystem().exists(cluster.dir().resolve(ClusterKeys.SATELLITES_DIR).resolve(room).toString())
        .onComplete(known -> {
          if (!known.succeeded() || !known.result()) {
            msg.fail(403, "this hub made no keys for a room " + room + " (cluster add-satellite " + room + ")");
            return;
          }
          msg.reply(BusJson.encode(new Joined(hubName, router.rooms())));
          transcriberFor(room).onSuccess(id -> {
            boolean fresh = router.join(room, session);
            if (fresh) {
              LOG.info("room {} joined (session {})", room, session);
            }
            // a room new to this hub (its first check-in, or the hub restarted) or one that asks: the state now
            if (fresh || join.needState()) {
              lastState.forEach((address, body) -> toRoom(room, address, body));
            }
          }).onFailure(err -> LOG.warn("room {}: no speech-to-text ({}); it is tried again at its next check-in", room,
              err.getMessage()));
        });
  }

  /** The room's own speech-to-text (a worker verticle on the room's addresses), started at its first check-in. */
  private Future<String> transcriberFor(String room) {
    Future<String> existing = transcribers.get(room);
    if (existing != null && !existing.failed()) {
      return existing;
    }
    EventBus bus = vertx.eventBus();
    AddressScope scope = AddressScope.room(room);
    if (existing == null) {
      for (String address : Set.of(Addresses.STT_PARTIAL, Addresses.STT_TRANSCRIPT)) {
        bus.localConsumer(scope.of(address), (Message<JsonObject> m) -> toRoom(room, address, m.body()));
      }
    }
    Future<String> deployed = vertx.deployVerticle(new TranscriptionVerticle(stt, scope),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
    transcribers.put(room, deployed);
    return deployed;
  }
}
