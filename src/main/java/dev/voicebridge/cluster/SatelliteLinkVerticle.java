package dev.voicebridge.cluster;

import dev.voicebridge.audio.AudioFrames;
import dev.voicebridge.bus.Addresses;
import dev.voicebridge.bus.Bus;
import dev.voicebridge.bus.BusJson;
import dev.voicebridge.bus.ClusterMessages;
import dev.voicebridge.bus.ClusterMessages.Join;
import dev.voicebridge.bus.ClusterMessages.Joined;
import dev.voicebridge.bus.GatewayMessages.GatewayStatus;
import dev.voicebridge.bus.NodeMessages.Announce;
import dev.voicebridge.bus.NodeMessages.AnnounceAccepted;
import dev.voicebridge.bus.SpeechOutMessages.Cue;
import dev.voicebridge.bus.SpeechOutMessages.TtsCue;
import dev.voicebridge.audio.PcmSamples;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A satellite's link to its hub. Up: the audio of an open utterance (as {@link UtteranceUplink} decides),
 * the utterance's start and end, and held turns. Down: what the hub sends this room, published here as
 * it came (transcripts, the gateway's state, this room's replies). Across: the hub's store and gateway
 * served here, each request carried to the hub and its reply back. And the hub's health: a check-in every
 * {@code cluster.hubCheckMs}; when the hub stops answering ({@link HubWatch}) the room says so, its
 * gateway counts as disconnected, and a wake word is answered with "I can't reach the hub right now."
 */
public final class SatelliteLinkVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SatelliteLinkVerticle.class);
  static final String HUB_UNREACHABLE_SENTENCE = "I can't reach the hub right now.";
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final ClusterSettings settings;
  private final UtteranceUplink uplink = new UtteranceUplink();
  private final HubWatch watch = new HubWatch();
  private final AtomicLong bytesUp = new AtomicLong();
  private boolean needState = true;
  private long utteranceBytesFrom;
  private long lastRefusalLogged = System.nanoTime() - 120_000_000_000L;
  private boolean checking;

  public SatelliteLinkVerticle(ClusterSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    String room = settings.room();
    // Down: cluster-wide, the one consumer of this room's address.
    Future<Void> down = bus.consumer(Addresses.clusterRoom(room), this::fromHub).completion();
    // Across: the hub's services, served here for this room's conversation.
    for (String address : ClusterContract.HUB_SERVICES) {
      bus.localConsumer(address, (Message<Object> msg) -> Relay.forward(bus, msg, Addresses.CLUSTER_HUB_REQUEST,
          toHub(address).setSendTimeout(ClusterContract.SERVICE_TIMEOUT_MS),
          "the hub is unreachable (" + address + " is served there); the satellite keeps trying"));
    }
    // Up: utterance audio and the utterance's bounds, in the order they happened.
    AudioFrames.consume(bus, frame -> uplink.heard(frame).forEach(this::sendAudio));
    bus.localConsumer(Addresses.SPEECH_START, (Message<JsonObject> msg) -> {
      utteranceBytesFrom = bytesUp.get();
      uplink.opened(msg.body().getLong("audioStartMs", 0L)).forEach(this::sendAudio);
      bus.send(Addresses.CLUSTER_HUB_IN, msg.body(), toHub(Addresses.SPEECH_START));
    });
    bus.localConsumer(Addresses.SPEECH_END, (Message<JsonObject> msg) -> {
      uplink.closed();
      LOG.info("utterance {}: {} bytes of audio sent to the hub ({} in all since start)",
          msg.body().getString("utteranceId"), bytesUp.get() - utteranceBytesFrom, bytesUp.get());
      bus.send(Addresses.CLUSTER_HUB_IN, msg.body(), toHub(Addresses.SPEECH_END));
    });
    bus.localConsumer(Addresses.SESSION_TURN_HELD,
        (Message<JsonObject> msg) -> bus.send(Addresses.CLUSTER_HUB_IN, msg.body(), toHub(Addresses.SESSION_TURN_HELD)));
    // The hub's health, and what the room says while it is gone.
    bus.localConsumer(Addresses.WAKE_DETECTED, msg -> hubGoneReply());
    bus.localConsumer(Addresses.WAKE_TRIGGER, msg -> hubGoneReply());
    vertx.setPeriodic(settings.hubCheckMs(), id -> checkIn());
    return down.onSuccess(v -> checkIn());
  }

  private DeliveryOptions toHub(String address) {
    return new DeliveryOptions().addHeader(ClusterMessages.HEADER_ROOM, settings.room())
        .addHeader(ClusterMessages.HEADER_ADDRESS, address);
  }

  private void sendAudio(UtteranceUplink.Chunk chunk) {
    byte[] pcm = PcmSamples.toLittleEndian(chunk.samples(), 0, chunk.samples().length);
    bytesUp.addAndGet(pcm.length);
    bus().send(Addresses.CLUSTER_HUB_IN, Buffer.buffer(pcm), toHub(Addresses.AUDIO_FRAME)
        .addHeader(AudioFrames.HEADER_AUDIO_MS, Long.toString(PcmSamples.samplesToMs(chunk.startSample()))));
  }

  private EventBus bus() {
    return vertx.eventBus();
  }

  private void fromHub(Message<Object> msg) {
    String address = msg.headers().get(ClusterMessages.HEADER_ADDRESS);
    if (address != null && ClusterContract.DOWNLINK.contains(address)) {
      bus().publish(address, msg.body(), LOCAL);
    } else if (address != null && ClusterContract.DOWNLINK_REQUESTS.contains(address)) {
      Relay.forward(bus(), msg, address, new DeliveryOptions(LOCAL).setSendTimeout(10_000),
          "nothing serves " + address + " on satellite " + settings.room());
    } else {
      LOG.warn("the hub sent {}, which a satellite does not take; dropped", address);
      if (msg.replyAddress() != null) {
        msg.fail(403, address + " is not taken by satellites");
      }
    }
  }

  /** One check-in: the hub answers (and learns this room), or the miss is counted. */
  private void checkIn() {
    if (checking) {
      return; // the last one has not timed out yet
    }
    checking = true;
    boolean withState = needState;
    bus().<JsonObject>request(Addresses.CLUSTER_HUB_REQUEST,
            BusJson.encode(new Join(settings.room(), settings.sessionKey(), withState)),
            // shorter than the period, so that no check is skipped while one waits
            toHub(Addresses.CLUSTER_JOIN).setSendTimeout(Math.max(200, settings.hubCheckMs() * 4 / 5)))
        .map(Message::body)
        .onComplete(ar -> {
          checking = false;
          if (ar.failed() && ar.cause() instanceof io.vertx.core.eventbus.ReplyException re
              && re.failureType() == io.vertx.core.eventbus.ReplyFailure.RECIPIENT_FAILURE) {
            // the hub is there and said no (keys it did not make, another session): say why, once a minute
            watch.answered();
            long now = System.nanoTime();
            if (now - lastRefusalLogged > 60_000_000_000L) {
              lastRefusalLogged = now;
              LOG.warn("the hub refuses this room: {}", re.getMessage());
            }
            return;
          }
          if (ar.succeeded()) {
            if (withState) {
              needState = false;
            }
            if (watch.answered() == HubWatch.Change.BACK) {
              Joined j = BusJson.decode(ar.result(), Joined.class);
              LOG.info("joined hub {} as room {} (rooms there: {})", j.hub(), settings.room(), j.rooms());
            }
          } else if (watch.missed() == HubWatch.Change.LOST) {
            needState = true;
            LOG.warn("the hub does not answer ({}); the room keeps listening for its wake word and joins again when "
                + "the hub is back", ar.cause().getMessage());
            Bus.publish(bus(), Addresses.GATEWAY_STATUS, GatewayStatus.disconnected(null, null,
                "the hub is unreachable", true, settings.hubCheckMs(), "HUB_UNREACHABLE"));
            Bus.publish(bus(), Addresses.TTS_CUE, new TtsCue(Cue.ERROR, null));
          }
        });
  }

  /** Wake word while the hub is gone: nothing can be transcribed, so the room says so instead of listening in vain. */
  private void hubGoneReply() {
    if (!watch.unreachable()) {
      return; // reachable, or still joining at start
    }
    LOG.info("wake word while the hub is unreachable: saying so");
    Bus.request(bus(), Addresses.SPEECH_ANNOUNCE, new Announce(UUID.randomUUID().toString(), HUB_UNREACHABLE_SENTENCE),
        AnnounceAccepted.class).onFailure(err -> LOG.debug("could not say the hub is unreachable: {}", err.getMessage()));
  }
}
