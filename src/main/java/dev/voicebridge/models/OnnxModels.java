package dev.voicebridge.models;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.voicebridge.base.BridgeException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens ONNX models for the speech-in models (Silero, openWakeWord). Each session runs on the calling
 * thread only (one intra-op and one inter-op thread): the models are small, the calls frequent, and on a
 * Raspberry-Pi-class box a thread pool per model would cost more than it saves and steal cores from STT.
 */
public final class OnnxModels {

  private OnnxModels() {
  }

  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /** Opens {@code file}; a missing or unreadable model gives one message naming it and how to get it. */
  public static OrtSession open(Path file, String what) {
    if (!Files.isRegularFile(file)) {
      throw new BridgeException(what + " model not found at " + file + " (install the models: "
          + "java -jar voice-bridge.jar models install)");
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      return environment().createSession(file.toString(), options);
    } catch (OrtException e) {
      throw new BridgeException(what + " model " + file + " could not be loaded (" + firstLine(e.getMessage())
          + "); reinstall it: java -jar voice-bridge.jar models verify", e);
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new BridgeException("ONNX Runtime has no native library for this platform (" + System.getProperty("os.name")
          + " " + System.getProperty("os.arch") + "); " + what + " is unavailable", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
