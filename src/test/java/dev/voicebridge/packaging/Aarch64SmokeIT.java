package dev.voicebridge.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.voicebridge.base.Futures;
import dev.voicebridge.bench.BridgeProcess;
import dev.voicebridge.bench.MockModel;
import dev.voicebridge.bench.OpenClawGateway;
import dev.voicebridge.bench.SyntheticWhisperModel;
import dev.voicebridge.models.ModelsDirectory;
import dev.voicebridge.testkit.SpeechFixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same fat jar on linux-aarch64, as on a Raspberry Pi, under emulation: Debian's arm64 Java 17 (unpacked,
 * not installed, by scripts/arm64-sysroot.sh) run by qemu-user-static. Every native library a Pi loads is
 * loaded for real: SQLite ({@code db migrate}, the history), onnxruntime ({@code wake}, {@code vad} on
 * espeak-ng speech), whisper.cpp ({@code transcribe} with a miniature model of random weights, which proves
 * the native loads and infers — the same words as x86_64 decodes from it — not what it hears), FreeTTS
 * ({@code say --out}); and {@code chat}
 * against the real OpenClaw gateway running natively. Vosk, the default engine, has no aarch64 build: its
 * clear refusal is checked too. Slow (every JVM start is emulated), bounded by its timeout; skipped, saying
 * so, only where the emulator cannot be installed.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Aarch64SmokeIT {

  private static final Path SYSROOT = Path.of(System.getProperty("voicebridge.arm64.sysroot",
      System.getProperty("user.home") + "/.cache/voice-bridge/arm64-sysroot"));
  private static final Path ARM_JAVA = SYSROOT.resolve("usr/lib/jvm/java-17-openjdk-arm64/bin/java");
  private static final Path QEMU = Path.of("/usr/bin/qemu-aarch64-static");

  @TempDir
  Path dir;

  private final List<String> timings = new ArrayList<>();

  @Test
  void theJarRunsOnAarch64() throws Exception {
    assumeTrue(Files.isExecutable(QEMU) && Files.isExecutable(ARM_JAVA), "the aarch64 smoke test needs "
        + "qemu-user-static and an arm64 Java: bash scripts/arm64-sysroot.sh (scripts/test.sh runs it) could not "
        + "install them here");
    SpeechFixtures.requireModels();
    Path db = dir.resolve("arm.db");

    Run jvm = run("java -version", List.of(QEMU.toString(), "-L", SYSROOT.toString(), ARM_JAVA.toString(),
        "-XshowSettings:properties", "-version"), null, Map.of());
    assertTrue(jvm.out.contains("os.arch = aarch64"), "an arm64 JVM:\n" + jvm.out);
    Run help = arm(List.of("--help"), null);
    assertEquals(0, help.exit, help.out);
    assertTrue(help.out.contains("Usage: voice-bridge"), help.out);
    Run migrate = arm(List.of("--db", db.toString(), "db", "migrate"), null);
    assertEquals(0, migrate.exit, migrate.out);
    assertTrue(migrate.out.contains("v4"), migrate.out);

    // speech in: the wake word and the voice detector (onnxruntime), Whisper (whisper.cpp)
    Path wav = SpeechFixtures.track().silence(500).say("hey jarvis").silence(300).say("what is the weather tomorrow")
        .silence(1000).writeWav(dir.resolve("hey-jarvis.wav"));
    Run wake = arm(List.of("wake", wav.toString()), null);
    assertEquals(0, wake.exit, wake.out);
    assertTrue(wake.out.contains("hey_jarvis"), "openWakeWord on aarch64 heard the wake word:\n" + wake.out);
    Run vad = arm(List.of("vad", wav.toString()), null);
    assertEquals(0, vad.exit, vad.out);
    assertTrue(vad.out.lines().anyMatch(l -> l.matches("\\d+\\s+\\d+\\s+\\d+\\s+\\w+")), "a speech segment:\n" + vad.out);
    // a miniature model (the real file layout, one narrow layer): the tiny one takes four minutes emulated
    Path whisperModel = SyntheticWhisperModel.write(dir.resolve("ggml-miniature-synthetic.bin"), 7,
        SyntheticWhisperModel.Architecture.MINIATURE);
    List<String> transcribe = List.of("--set", "stt.whisper.modelPath=" + whisperModel, "--set",
        "stt.whisper.temperatureFallback=false", "transcribe", wav.toString(), "--engine", "whisper", "--json");
    Run whisper = arm(transcribe, null);
    assertEquals(0, whisper.exit, whisper.out);
    JsonObject onArm = new JsonObject(lastLine(whisper.out));
    assertEquals("whisper", onArm.getString("engine"), whisper.out);
    // the same weights and audio on this machine's x86_64 whisper.cpp: greedy decoding gives the same words
    List<String> hostCommand = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Duser.home=" + dir, "-jar", BridgeProcess.JAR.toString()));
    hostCommand.addAll(transcribe);
    Run host = run("transcribe (x86_64)", hostCommand, null, Map.of());
    assertEquals(0, host.exit, host.out);
    assertEquals(new JsonObject(lastLine(host.out)).getString("text"), onArm.getString("text"),
        "whisper.cpp on aarch64 and on x86_64 decode the same model and audio alike");
    Run vosk = arm(List.of("transcribe", wav.toString(), "--engine", "vosk"), null);
    assertEquals(1, vosk.exit, vosk.out);
    assertTrue(vosk.out.contains("Vosk has no native library for this platform") && vosk.out.contains("aarch64"),
        "the default engine's refusal names the platform:\n" + vosk.out);

    // speech out without espeak-ng: FreeTTS, in Java
    Path spoken = dir.resolve("hello.wav");
    Run say = arm(List.of("say", "Hello from a Raspberry Pi.", "--engine", "freetts", "--out", spoken.toString()),
        null);
    assertEquals(0, say.exit, say.out);
    assertTrue(Files.size(spoken) > 16_000, "a second of speech or more: " + Files.size(spoken) + " bytes");

    // the conversation: chat against the real gateway (native), stored in SQLite on aarch64, read back
    Vertx harness = Vertx.vertx();
    MockModel model = Futures.await(MockModel.start(harness), Duration.ofSeconds(30), "the mock model");
    model.when("weather", MockModel.Text.of("Sunny all day on the Pi."));
    String token = "arm-" + UUID.randomUUID();
    try (OpenClawGateway gateway = OpenClawGateway.start(dir.resolve("gateway"), token, model.baseUrl())) {
      gateway.awaitReady(harness, Duration.ofSeconds(120));
      Run chat = arm(List.of("--db", db.toString(), "chat", "--gateway", gateway.url(), "--session", "arm-smoke",
          "--wait", "120"), "what is the weather\n", Map.of("VOICE_BRIDGE_GATEWAY_TOKEN", token));
      assertEquals(0, chat.exit, chat.out);
      assertTrue(chat.out.contains("Sunny all day on the Pi."), chat.out);
    } finally {
      model.close();
      harness.close();
    }
    Run sessions = arm(List.of("--db", db.toString(), "sessions", "list", "--json"), null);
    assertEquals(0, sessions.exit, sessions.out);
    String uuid = new JsonArray(jsonPart(sessions.out)).getJsonObject(0).getString("sessionUuid");
    Run history = arm(List.of("--db", db.toString(), "history", "show", uuid, "--json"), null);
    assertEquals(0, history.exit, history.out);
    assertTrue(history.out.contains("what is the weather") && history.out.contains("Sunny all day on the Pi."),
        history.out);
    System.out.println("aarch64 smoke test (qemu-user-static, Debian's arm64 Java 17), each command's wall time: "
        + String.join(", ", timings));
  }

  private record Run(int exit, String out) {
  }

  private Run arm(List<String> args, String stdin) throws IOException, InterruptedException {
    return arm(args, stdin, Map.of());
  }

  /** The product jar on the emulated arm64 Java, with {@code args}; its output (stdout and stderr). */
  private Run arm(List<String> args, String stdin, Map<String, String> env) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(QEMU.toString(), "-L", SYSROOT.toString(), ARM_JAVA.toString(),
        "-Duser.home=" + dir, "-jar", BridgeProcess.JAR.toString()));
    cmd.addAll(args);
    String label = args.stream().filter(a -> a.matches("[a-z]+")).findFirst().orElse(String.join(" ", args));
    return run(label, cmd, stdin, env);
  }

  private Run run(String label, List<String> cmd, String stdin, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("VOICE_BRIDGE_"));
    pb.environment().put("VOICE_BRIDGE_MODELS", ModelsDirectory.standard().root().toString());
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("no exit within 5 minutes: " + cmd + "\n" + out);
    }
    timings.add(String.format("%s %.0f s", label, (System.nanoTime() - start) / 1e9));
    return new Run(p.exitValue(), out);
  }

  private static String lastLine(String out) {
    List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
    return lines.isEmpty() ? "{}" : lines.get(lines.size() - 1);
  }

  private static String jsonPart(String out) {
    int at = out.indexOf('[');
    return at < 0 ? "[]" : out.substring(at);
  }
}
