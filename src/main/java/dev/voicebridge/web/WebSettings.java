package dev.voicebridge.web;

import dev.voicebridge.config.BridgeConfig;
import java.nio.file.Path;

/** The web server's settings ({@code http.*}) and the session whose turns the page shows. */
public record WebSettings(String host, int port, String token, Path tokenFile, String sessionKey) {

  public static WebSettings from(BridgeConfig config) {
    return new WebSettings(config.string("http.host"), config.integer("http.port"), config.string("http.token"),
        config.path("http.tokenFile"), config.string("gateway.sessionKey"));
  }

  /** Whether the server stays on this machine (then a token is optional). */
  public boolean loopback() {
    return AccessGuard.isLoopbackName(host);
  }
}
