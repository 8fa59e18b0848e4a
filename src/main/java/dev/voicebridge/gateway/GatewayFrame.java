package dev.voicebridge.gateway;

import io.vertx.core.json.JsonObject;

/** A frame received from the gateway: a response to one of our requests, or an event. */
public sealed interface GatewayFrame {

  /** {@code {"type":"res","id","ok","payload"|"error"}}. */
  record Response(String id, boolean ok, JsonObject payload, GatewayError error) implements GatewayFrame {
  }

  /** {@code {"type":"event","event","payload","seq"?}}; {@code seq} counts events per connection. */
  record Event(String name, JsonObject payload, Long seq) implements GatewayFrame {
  }
}
