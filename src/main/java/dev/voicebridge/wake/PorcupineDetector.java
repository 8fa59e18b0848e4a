package dev.voicebridge.wake;

import ai.picovoice.porcupine.Porcupine;
import ai.picovoice.porcupine.PorcupineException;
import dev.voicebridge.base.BridgeException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Picovoice Porcupine with a built-in keyword. It needs a Picovoice AccessKey, which the library validates
 * with Picovoice when it starts: without a valid key it cannot run, and the error says so in one line.
 */
public final class PorcupineDetector implements WakeWordDetector {

  private final Porcupine porcupine;
  private final String keyword;

  private PorcupineDetector(Porcupine porcupine, String keyword) {
    this.porcupine = porcupine;
    this.keyword = keyword;
  }

  public static PorcupineDetector create(String accessKey, String keyword, double sensitivity) {
    if (accessKey == null || accessKey.isBlank()) {
      throw new BridgeException("wake.engine is porcupine but wake.porcupine.accessKey is empty: Porcupine needs a "
          + "Picovoice AccessKey (or use wake.engine openwakeword, which needs none)");
    }
    Porcupine.BuiltInKeyword builtIn;
    try {
      builtIn = Porcupine.BuiltInKeyword.valueOf(keyword.trim().toUpperCase(Locale.ROOT).replace(' ', '_'));
    } catch (IllegalArgumentException e) {
      throw new BridgeException("wake.porcupine.keyword '" + keyword + "' is not a Porcupine built-in keyword (one of "
          + Arrays.stream(Porcupine.BuiltInKeyword.values()).map(k -> k.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", ")) + ")");
    }
    try {
      Porcupine p = new Porcupine.Builder().setAccessKey(accessKey).setBuiltInKeyword(builtIn)
          .setSensitivity((float) sensitivity).build();
      return new PorcupineDetector(p, builtIn.name().toLowerCase(Locale.ROOT));
    } catch (PorcupineException e) {
      throw new BridgeException("Porcupine did not start: " + reason(e).replace(accessKey, "***")
          + " (check wake.porcupine.accessKey; Porcupine validates it with Picovoice)");
    } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
      throw new BridgeException("Porcupine has no native library for this platform (" + System.getProperty("os.arch")
          + ")", e);
    }
  }

  /** The library's explanation: its message stack without the bare error codes, else its message. */
  private static String reason(PorcupineException e) {
    String[] stack = e.getMessageStack();
    if (stack != null) {
      String text = Arrays.stream(stack).filter(m -> !m.startsWith("Picovoice Error (code"))
          .map(String::strip).collect(Collectors.joining(" "));
      if (!text.isBlank()) {
        return text;
      }
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? "unknown error" : m.strip().split("\n")[0];
  }

  @Override
  public String engine() {
    return "porcupine";
  }

  @Override
  public String keyword() {
    return keyword;
  }

  @Override
  public int frameSamples() {
    return porcupine.getFrameLength();
  }

  @Override
  public float score(short[] frame) {
    try {
      return porcupine.process(frame) >= 0 ? 1f : 0f;
    } catch (PorcupineException e) {
      throw new IllegalStateException("Porcupine failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    porcupine.delete();
  }
}
