package dev.voicebridge.web;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.metrics.Meters;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.net.BindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's web server on {@code http.host:http.port}: the live page ({@code /}, plain files from the
 * jar), its event stream ({@code /events}, {@link LiveFeed}) and buttons ({@code /api/*},
 * {@link ControlRoutes}), {@code GET /health} and {@code GET /metrics} (Prometheus). Every request passes the
 * {@link AccessGuard} first. Loopback by default; beyond it a token is required, made at the first start if
 * none is configured ({@link WebToken}).
 *
 * <p>A port already in use is a warning, not a failure: the device must keep listening and speaking even
 * when its page cannot be served (another bridge, another program on 8787).
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);

  private final WebSettings settings;
  private final LiveFeed feed = new LiveFeed();
  private HttpServer server;
  private AccessGuard guard;

  public WebVerticle(WebSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    return token().compose(token -> {
      guard = new AccessGuard(token, settings.loopback());
      feed.start(vertx);
      Router router = Router.router(vertx);
      router.route().handler(this::guard);
      HealthHandler health = new HealthHandler(vertx.eventBus());
      router.route("/health").handler(ctx -> readOnly(ctx, health));
      io.vertx.core.Handler<RoutingContext> scrape = PrometheusScrapingHandler.create(Meters.registry(vertx));
      router.route("/metrics").handler(ctx -> readOnly(ctx, scrape));
      router.get("/events").handler(ctx -> feed.attach(ctx.response()));
      new ControlRoutes(vertx.eventBus(), settings.sessionKey()).mount(router);
      router.get("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html")
          .setCachingEnabled(false).setDirectoryListing(false));
      // HTTP/1.1 only: browsers never speak cleartext HTTP/2, and a client's h2c upgrade (Java's HttpClient
      // asks for it by default) gains nothing here but a second code path
      server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(router);
      return server.listen(settings.port(), settings.host())
          .onSuccess(s -> LOG.info("live page on http://{}:{}/ (also /health and /metrics)",
              urlHost(settings.host()), s.actualPort()))
          .<Void>mapEmpty()
          .recover(this::notServed);
    });
  }

  /** The port the server listens on (tests bind port 0). */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  /** The configured token; beyond loopback without one, the one kept in {@code http.tokenFile}. */
  private Future<String> token() {
    if (!settings.token().isBlank() || settings.loopback()) {
      return Future.succeededFuture(settings.token());
    }
    return vertx.executeBlocking(() -> WebToken.loadOrCreate(settings.tokenFile())).map(loaded -> {
      if (loaded.created()) {
        announce(loaded.token());
      }
      return loaded.token();
    });
  }

  /**
   * A new token is shown once, with the URL that opens the page with it — on the terminal only: a token is
   * a secret, and the log (the journal, under systemd) is not the place for it; there the file is named.
   */
  private void announce(String token) {
    String url = "http://" + urlHost(settings.host()) + ":" + settings.port() + "/#token=" + token;
    if (System.console() != null) {
      System.out.println("The live page listens beyond this machine, so it needs a token. Open it with:\n  " + url
          + "\n(kept in " + settings.tokenFile() + "; it is not shown again)");
    } else {
      LOG.info("the live page needs a token beyond loopback: one was made and kept in {} (0600); open "
          + "http://HOST:{}/#token=<its contents>", settings.tokenFile(), settings.port());
    }
  }

  private Future<Void> notServed(Throwable err) {
    String why = err instanceof BindException || String.valueOf(err.getMessage()).contains("in use")
        ? "port " + settings.port() + " is in use (another voice-bridge?)" : String.valueOf(err.getMessage());
    if (err instanceof BridgeException) {
      return Future.failedFuture(err);
    }
    LOG.warn("the live page, /health and /metrics are not served on {}:{}: {}. The bridge runs on without them; "
        + "choose another http.port, or set http.enabled to false", settings.host(), settings.port(), why);
    server = null;
    return Future.succeededFuture();
  }

  private void guard(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    AccessGuard.Verdict v = guard.decide(new AccessGuard.Request(req.method().name(), req.path(),
        req.authority() == null ? req.getHeader("host") : req.authority().toString(), req.getHeader("origin"),
        req.getHeader("authorization"), req.getParam("token"), req.getHeader("content-type")));
    ctx.response()
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("x-frame-options", "DENY")
        .putHeader("content-security-policy", "default-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    if (v != AccessGuard.Verdict.ALLOW && req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      // refused before its body was read: the connection is not reused for another request, which would
      // otherwise start inside the unread body
      ctx.response().putHeader("connection", "close");
    }
    switch (v) {
      case ALLOW -> ctx.next();
      case UNAUTHORIZED -> ctx.response().setStatusCode(401).putHeader("www-authenticate", "Bearer")
          .putHeader("content-type", "application/json")
          .end("{\"error\":\"a token is required: open the page as http://HOST:PORT/#token=TOKEN, or send "
              + "Authorization: Bearer TOKEN\"}");
      default -> ctx.response().setStatusCode(v.status).putHeader("content-type", "application/json")
          .end("{\"error\":\"" + (v == AccessGuard.Verdict.UNSUPPORTED ? "control requests are JSON"
              : "not from this page or host") + "\"}");
    }
  }

  private static void readOnly(RoutingContext ctx, io.vertx.core.Handler<RoutingContext> handler) {
    if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
      ctx.response().setStatusCode(405).putHeader("allow", "GET, HEAD").end();
      return;
    }
    handler.handle(ctx);
  }

  private static String urlHost(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
