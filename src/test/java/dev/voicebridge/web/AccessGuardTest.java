package dev.voicebridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.voicebridge.web.AccessGuard.Request;
import dev.voicebridge.web.AccessGuard.Verdict;
import org.junit.jupiter.api.Test;

class AccessGuardTest {

  private static final String JSON = "application/json";

  private static Request get(String path, String host, String auth, String queryToken) {
    return new Request("GET", path, host, null, auth, queryToken, null);
  }

  private static Request post(String path, String host, String origin, String auth, String type) {
    return new Request("POST", path, host, origin, auth, null, type);
  }

  @Test
  void withATokenEveryDataAndControlRequestCarriesIt() {
    AccessGuard guard = new AccessGuard("s3cret-token", false);
    assertEquals(Verdict.UNAUTHORIZED, guard.decide(get("/events", "pi.local:8787", null, null)));
    assertEquals(Verdict.UNAUTHORIZED, guard.decide(get("/metrics", "pi.local:8787", "Bearer wrong", null)));
    assertEquals(Verdict.UNAUTHORIZED, guard.decide(get("/api/turns", "pi.local:8787", "Bearer s3cret-tokenX", null)));
    assertEquals(Verdict.ALLOW, guard.decide(get("/metrics", "pi.local:8787", "Bearer s3cret-token", null)));
    assertEquals(Verdict.ALLOW, guard.decide(get("/health", "10.0.0.5:8787", "bearer s3cret-token", null)));
    assertEquals(Verdict.ALLOW, guard.decide(post("/api/stop", "pi.local:8787", null, "Bearer s3cret-token", JSON)));
    assertEquals(Verdict.UNAUTHORIZED, guard.decide(post("/api/stop", "pi.local:8787", null, null, JSON)));
  }

  @Test
  void onlyTheEventStreamTakesTheTokenFromTheQuery() {
    AccessGuard guard = new AccessGuard("s3cret-token", false);
    assertEquals(Verdict.ALLOW, guard.decide(get("/events", "pi.local:8787", null, "s3cret-token")));
    assertEquals(Verdict.UNAUTHORIZED, guard.decide(get("/metrics", "pi.local:8787", null, "s3cret-token")));
    assertEquals(Verdict.UNAUTHORIZED, guard.decide(get("/api/turns", "pi.local:8787", null, "s3cret-token")));
  }

  @Test
  void thePageItselfIsPublicItHoldsOnlyTheJarsCode() {
    AccessGuard guard = new AccessGuard("s3cret-token", false);
    assertEquals(Verdict.ALLOW, guard.decide(get("/", "pi.local:8787", null, null)));
    assertEquals(Verdict.ALLOW, guard.decide(get("/live/live.js", "pi.local:8787", null, null)));
    assertEquals(Verdict.UNAUTHORIZED, guard.decide(get("/livex", "pi.local:8787", null, null)));
  }

  @Test
  void buttonsCannotBePressedFromAnotherSite() {
    AccessGuard guard = new AccessGuard("", true);
    // a form on another site posts text/plain or a form encoding, and names its own origin
    assertEquals(Verdict.UNSUPPORTED, guard.decide(post("/api/stop", "127.0.0.1:8787", null, null, "text/plain")));
    assertEquals(Verdict.UNSUPPORTED, guard.decide(post("/api/say", "127.0.0.1:8787", null, null,
        "application/x-www-form-urlencoded")));
    assertEquals(Verdict.UNSUPPORTED, guard.decide(post("/api/mute", "127.0.0.1:8787", null, null, null)));
    assertEquals(Verdict.FORBIDDEN, guard.decide(post("/api/stop", "127.0.0.1:8787", "https://evil.example", null,
        JSON)));
    assertEquals(Verdict.FORBIDDEN, guard.decide(post("/api/stop", "127.0.0.1:8787", "http://127.0.0.1:9999", null,
        JSON)));
    assertEquals(Verdict.ALLOW, guard.decide(post("/api/stop", "127.0.0.1:8787", "http://127.0.0.1:8787", null,
        JSON)));
    assertEquals(Verdict.ALLOW, guard.decide(post("/api/stop", "localhost:8787", null, null,
        "application/json; charset=utf-8")));
  }

  @Test
  void onLoopbackAnotherHostNameIsRefusedAgainstDnsRebinding() {
    AccessGuard guard = new AccessGuard("", true);
    assertEquals(Verdict.FORBIDDEN, guard.decide(get("/api/turns", "attacker.example:8787", null, null)));
    assertEquals(Verdict.FORBIDDEN, guard.decide(get("/", "attacker.example", null, null)));
    assertEquals(Verdict.FORBIDDEN, guard.decide(get("/health", null, null, null)));
    assertEquals(Verdict.ALLOW, guard.decide(get("/api/turns", "127.0.0.1:8787", null, null)));
    assertEquals(Verdict.ALLOW, guard.decide(get("/api/turns", "localhost", null, null)));
    assertEquals(Verdict.ALLOW, guard.decide(get("/api/turns", "[::1]:8787", null, null)));
    assertEquals(Verdict.ALLOW, guard.decide(get("/api/turns", "127.1.2.3:8787", null, null)));
  }

  @Test
  void beyondLoopbackThereIsNoGuardWithoutAToken() {
    assertThrows(IllegalArgumentException.class, () -> new AccessGuard("", false));
    assertThrows(IllegalArgumentException.class, () -> new AccessGuard(null, false));
  }
}
