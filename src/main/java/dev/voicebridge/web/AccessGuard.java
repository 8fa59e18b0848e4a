package dev.voicebridge.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Who may use the bridge's web server, decided from a request's headers alone (pure, no I/O).
 *
 * <ul>
 *   <li>With a token (always when bound beyond loopback), every data or control request carries it:
 *       {@code Authorization: Bearer TOKEN}, or {@code ?token=} on the event stream (a browser's EventSource
 *       cannot set headers). Compared in constant time. The page itself and its script and style are public:
 *       they hold nothing but the code every copy of the jar has.</li>
 *   <li>A control request (POST) must be JSON ({@code Content-Type: application/json}): a form or a plain
 *       request from another site cannot be one without a CORS preflight, which this server never allows.
 *       If the browser names an {@code Origin}, it must be this server's own. Together: no cross-site request
 *       forgery through the buttons, also on loopback where there may be no token.</li>
 *   <li>Bound to loopback, the {@code Host} must be a loopback name: a web page that rebinds its own DNS name
 *       to 127.0.0.1 cannot reach the server under that name.</li>
 * </ul>
 */
public final class AccessGuard {

  /** What becomes of a request. */
  public enum Verdict {
    ALLOW(200),
    /** No token, or a wrong one. */
    UNAUTHORIZED(401),
    /** Another site's request, or a Host that is not this server's. */
    FORBIDDEN(403),
    /** A control request that is not JSON. */
    UNSUPPORTED(415);

    public final int status;

    Verdict(int status) {
      this.status = status;
    }
  }

  /** The request as far as the guard needs it. */
  public record Request(String method, String path, String host, String origin, String authorization,
      String queryToken, String contentType) {
  }

  private final byte[] token;
  private final boolean loopbackOnly;

  /** @param token the token requests must carry, or blank for none (loopback only) */
  public AccessGuard(String token, boolean loopbackOnly) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    this.loopbackOnly = loopbackOnly;
    if (this.token == null && !loopbackOnly) {
      throw new IllegalArgumentException("a server reachable beyond loopback needs a token");
    }
  }

  /** Files of the page: public (they are the jar's code), but still only under this server's own name. */
  public static boolean isPageAsset(String path) {
    return path.equals("/") || path.equals("/index.html") || path.startsWith("/live/");
  }

  public Verdict decide(Request r) {
    if (loopbackOnly && !loopbackHost(r.host())) {
      return Verdict.FORBIDDEN;
    }
    boolean control = !"GET".equals(r.method()) && !"HEAD".equals(r.method());
    if (control) {
      if (r.origin() != null && !sameOrigin(r.origin(), r.host())) {
        return Verdict.FORBIDDEN;
      }
      if (r.path().startsWith("/api/")
          && (r.contentType() == null || !r.contentType().toLowerCase(Locale.ROOT).startsWith("application/json"))) {
        return Verdict.UNSUPPORTED;
      }
    }
    if (isPageAsset(r.path()) && !control) {
      return Verdict.ALLOW;
    }
    if (token == null) {
      return Verdict.ALLOW;
    }
    String presented = bearer(r.authorization());
    if (presented == null && "/events".equals(r.path()) && !control) {
      presented = r.queryToken();
    }
    return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), token)
        ? Verdict.ALLOW : Verdict.UNAUTHORIZED;
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  /** {@code http://HOST[:PORT]} naming the same host and port the request was sent to. */
  static boolean sameOrigin(String origin, String host) {
    if (host == null) {
      return false;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    return o.equals("http://" + host.toLowerCase(Locale.ROOT)) || o.equals("https://" + host.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code host} (a Host header, with or without port) names this machine's loopback. */
  static boolean loopbackHost(String host) {
    if (host == null || host.isBlank()) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 && h.substring(1, end).equals("::1");
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    return isLoopbackName(h);
  }

  /** Whether a bind address or host name is loopback: localhost, 127.0.0.0/8, ::1. */
  public static boolean isLoopbackName(String host) {
    String h = host.strip().toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1") || h.equals("[::1]");
  }
}
