package dev.voicebridge.stt;

import dev.voicebridge.base.BridgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * Vosk models, loaded once per directory and shared for the life of the process: the speech-to-text
 * engine and the Vosk wake phrase use the same 68 MB model (about a second to load) without loading it
 * twice. Recognizers are cheap and made per use.
 */
public final class VoskModels {

  private static final Map<Path, Model> LOADED = new ConcurrentHashMap<>();
  private static volatile boolean nativeReady;

  private VoskModels() {
  }

  public static Model get(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    Model m = LOADED.get(key);
    if (m != null) {
      return m;
    }
    synchronized (VoskModels.class) {
      return LOADED.computeIfAbsent(key, VoskModels::load);
    }
  }

  private static Model load(Path dir) {
    if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("am/final.mdl"))) {
      throw new BridgeException("Vosk model not found at " + dir + " (install the models: "
          + "java -jar voice-bridge.jar models install, or set stt.vosk.modelPath)");
    }
    initNative();
    try {
      return new Model(dir.toString());
    } catch (IOException e) {
      throw new BridgeException("the Vosk model in " + dir + " could not be loaded (" + e.getMessage()
          + "); check it with: java -jar voice-bridge.jar models verify", e);
    }
  }

  private static void initNative() {
    if (nativeReady) {
      return;
    }
    try {
      LibVosk.setLogLevel(LogLevel.WARNINGS);
      nativeReady = true;
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new BridgeException("Vosk has no native library for this platform (" + System.getProperty("os.name")
          + " " + System.getProperty("os.arch") + "; the Vosk jar ships linux-x86_64 only)", e);
    }
  }
}
