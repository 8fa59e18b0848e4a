package dev.voicebridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voicebridge.base.Futures;
import dev.voicebridge.bench.BridgeProcess;
import dev.voicebridge.bench.FaultsBenchmark;
import dev.voicebridge.bench.LiveMicrophone;
import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.SpeechTrack;
import dev.voicebridge.testkit.SpeechFixtures;
import io.vertx.core.Vertx;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The live page in a real browser (Debian's headless Chromium, driven by Selenium) on the fat jar as a user
 * runs it: a real-time microphone on stdin ("hey computer, …" in espeak-ng's voice, Vosk wake word and
 * speech), the real OpenClaw gateway with the mock model, a WAV speaker. The page must show the state going
 * listening → thinking → speaking and the transcript; "Stop speaking" must silence the speaker; a typed
 * question, and one said while "Hold to talk" is held, must be answered into the conversation; mute must
 * show; a wrong token gets 401. The figures —
 * how late the page shows what the bridge published (bus → DOM), and how soon "stop" silences the speaker —
 * are printed into the build log; a screenshot is saved as target/live-page.png.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LivePageIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String PAGE_TOKEN = "page-" + UUID.randomUUID();
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  @Test
  void thePageFollowsASpokenTurnAndItsButtonsWork() throws Exception {
    SpeechFixtures.requireModels();
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser test needs Debian's chromium and chromium-driver (scripts/test.sh installs them)");
    Vertx harness = Vertx.vertx();
    MockModel model = Futures.await(MockModel.start(harness), WAIT, "the mock model");
    model.when("music", MockModel.Text.slow(FaultsBenchmark.LONG_REPLY, 120));
    model.when("weather", MockModel.Text.of("Sunny all day, with a light breeze."));
    String gatewayToken = "live-" + UUID.randomUUID();
    Path home = Files.createDirectories(dir.resolve("home"));
    Path speaker = home.resolve("speaker.wav");
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    WebDriver browser = null;
    try (OpenClawGateway gateway = OpenClawGateway.start(dir.resolve("gateway"), gatewayToken, model.baseUrl())) {
      gateway.warmUp(harness, Duration.ofSeconds(120), model, "what is the weather", "weather");
      try (BridgeProcess bridge = BridgeProcess.start(home, Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", gatewayToken),
          "run", "-v", "--set", "gateway.url=" + gateway.url(), "--set", "gateway.sessionKey=live-page",
          "--set", "store.path=" + home.resolve("bridge.db"), "--set", "wake.engine=vosk",
          "--set", "node.enabled=false", "--set", "cues.wake=false", "--set", "cues.error=false",
          "--set", "audio.input.source=stdin", "--set", "audio.input.realtime=false",
          "--set", "audio.output.sink=wav", "--set", "audio.output.file=" + speaker,
          "--set", "http.port=" + port, "--set", "http.token=" + PAGE_TOKEN)) {
        LiveMicrophone mic = new LiveMicrophone(bridge.stdin());
        mic.start();
        bridge.await(() -> bridge.said("listening:") && bridge.said("connected to") && bridge.said("live page on"),
            120);
        WebDriver page = chrome();
        browser = page;
        JavascriptExecutor js = (JavascriptExecutor) page;

        // a wrong token: the page says so, and the server answers 401
        page.get(base + "/#token=wrong");
        await(() -> "locked".equals(state(page)), "the page to say it is locked", bridge);
        assertEquals(401, status(base + "/api/turns", "wrong"));
        assertEquals(401, status(base + "/events?token=wrong", null));
        assertEquals(401, status(base + "/metrics", null));

        page.get(base + "/#token=" + PAGE_TOKEN);
        await(() -> "waiting".equals(state(page)), "the page to show the device waiting", bridge);
        assertTrue(page.findElement(By.id("link")).getText().contains("connected"),
            page.findElement(By.id("link")).getText());

        // a spoken question with a long answer
        mic.say(new SpeechTrack().say("hey computer").silence(250).say("play some music").silence(300).samples());
        await(() -> "speaking".equals(state(page)), "the page to show the device speaking", bridge);
        List<String> states = states(js);
        int listening = states.indexOf("listening");
        int thinking = states.indexOf("thinking");
        int speaking = states.indexOf("speaking");
        assertTrue(listening >= 0 && listening < thinking && thinking < speaking, "states shown: " + states);
        assertTrue(page.findElement(By.id("heard")).getText().contains("music"),
            page.findElement(By.id("heard")).getText());
        await(() -> page.findElement(By.id("reply")).getText().contains("jazz"), "the reply on the page", bridge);
        Thread.sleep(1500); // a few sentences in, the meter moving
        Path shot = Path.of("target", "live-page.png");
        Files.copy(((TakesScreenshot) page).getScreenshotAs(OutputType.FILE).toPath(), shot,
            StandardCopyOption.REPLACE_EXISTING);

        // "Stop speaking": the speaker falls silent and the page says why
        page.findElement(By.id("stop")).click();
        await(() -> !"speaking".equals(state(page)), "the page to leave speaking", bridge);
        await(() -> js.executeScript("return window.voiceBridge.interrupted") != null, "tts.interrupted", bridge);
        long clickedAt = ((Number) js.executeScript("return window.voiceBridge.stopClickedAt;")).longValue();
        long cutAt = ((Number) js.executeScript("return window.voiceBridge.interrupted.t;")).longValue();
        long shownAt = ((Number) js.executeScript("return window.voiceBridge.states.filter(s => s.state !== "
            + "'speaking' && s.at >= " + clickedAt + ")[0].at;")).longValue();
        assertTrue(page.findElement(By.id("notice")).getText().contains("Stopped speaking (page)"),
            page.findElement(By.id("notice")).getText());
        assertTrue(bridge.said("speech halted (page)"), "the bridge halted speech for the page");
        assertSilent(speaker);

        // a typed question, answered into the conversation
        page.findElement(By.id("text")).sendKeys("what is the weather");
        page.findElement(By.cssSelector("#say button")).click();
        await(() -> page.findElement(By.id("turns")).getText().contains("Sunny all day"),
            "the typed question's answer in the conversation", bridge);
        assertTrue(page.findElement(By.id("turns")).getText().contains("what is the weather"));

        // push-to-talk: held while the question is said (no wake word), released to send it
        await(() -> !"speaking".equals(state(page)) && !"thinking".equals(state(page)), "quiet", bridge);
        int answers = count(page.findElement(By.id("turns")).getText(), "Sunny all day");
        new Actions(page).clickAndHold(page.findElement(By.id("talk"))).perform();
        await(() -> "listening".equals(state(page)), "the page to show push-to-talk listening", bridge);
        mic.say(new SpeechTrack().silence(300).say("what is the weather").silence(400).samples());
        new Actions(page).release().perform();
        await(() -> count(page.findElement(By.id("turns")).getText(), "Sunny all day") > answers,
            "the push-to-talk question's answer in the conversation", bridge);

        // mute and unmute
        await(() -> !"speaking".equals(state(page)) && !"thinking".equals(state(page)), "quiet", bridge);
        page.findElement(By.id("mute")).click();
        await(() -> "muted".equals(state(page)), "the page to show the microphone muted", bridge);
        page.findElement(By.id("mute")).click();
        await(() -> !"muted".equals(state(page)), "the page to show the microphone unmuted", bridge);

        // the metrics a scrape sees after that
        String metrics = body(base + "/metrics", PAGE_TOKEN);
        assertTrue(metrics.contains("voicebridge_wake_detections_total{engine=\"vosk\"}"), metrics);
        assertTrue(metrics.contains("voicebridge_turn_stage_seconds_count{stage=\"first_audio\"}"), metrics);
        assertTrue(metrics.contains("voicebridge_gateway_connected 1.0"), metrics);
        assertTrue(metrics.contains("voicebridge_store_commit_seconds_bucket"), metrics);
        assertTrue(metrics.contains("jvm_memory_used_bytes") && metrics.contains("vertx_http_server"), "JVM and Vert.x");

        List<Long> latencies = latencies(js);
        assertTrue(latencies.size() > 20, "events shown: " + latencies.size());
        Collections.sort(latencies);
        System.out.printf("live page: %d bus events shown; bus -> DOM p50 %d ms, p95 %d ms, max %d ms; "
                + "\"Stop speaking\" clicked -> speech cut at the bridge (tts.interrupted) %d ms -> the page out of "
                + "speaking %d ms; screenshot %s%n",
            latencies.size(), pct(latencies, 50), pct(latencies, 95), latencies.get(latencies.size() - 1),
            cutAt - clickedAt, shownAt - clickedAt, shot.toAbsolutePath());
        mic.interrupt();
      }
    } finally {
      if (browser != null) {
        browser.quit();
      }
      model.close();
      harness.close();
    }
  }

  private static WebDriver chrome() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=900,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  private static String state(WebDriver browser) {
    return browser.findElement(By.id("state")).getAttribute("data-state");
  }

  @SuppressWarnings("unchecked")
  private static List<String> states(JavascriptExecutor js) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<Object>) js.executeScript("return window.voiceBridge.states.map(s => s.state);")) {
      out.add(String.valueOf(o));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Long> latencies(JavascriptExecutor js) {
    List<Long> out = new ArrayList<>();
    for (Object o : (List<Object>) js.executeScript("return window.voiceBridge.latencies;")) {
      out.add(((Number) o).longValue());
    }
    return out;
  }

  private static long pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** The speaker's WAV does not grow over a second and a half (what was cut is not played on). */
  private static void assertSilent(Path wav) throws Exception {
    Thread.sleep(300); // what the sink held when the cut came (audio.output.bufferMs) may still land
    long size = Files.size(wav);
    Thread.sleep(1500);
    assertEquals(size, Files.size(wav), "the speaker went on after \"Stop speaking\"");
  }

  private static void await(BooleanSupplier condition, String what, BridgeProcess bridge) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + ":\n" + bridge.text());
      }
      Thread.sleep(20);
    }
  }

  private static int status(String url, String token) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      req.header("authorization", "Bearer " + token);
    }
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String body(String url, String token) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(10)).build();
    // the timeout covers the headers only: the body gets a bound of its own
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .sendAsync(req, HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS).body();
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      return free.getLocalPort();
    }
  }
}
