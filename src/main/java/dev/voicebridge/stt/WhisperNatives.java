package dev.voicebridge.stt;

import dev.voicebridge.base.BridgeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/**
 * whisper-jni 1.7.1 cannot load itself on most 64-bit ARM machines: on linux-aarch64 it picks its ggml build
 * from /proc/cpuinfo and asks for {@code /debian-arm64/libggml.so} when the CPU has crc32 but no fp16 (a
 * Raspberry Pi 4's Cortex-A72) — a file its jar does not have (it has {@code libggml+crc.so} and
 * {@code libggml+fp16.so}) — and for nothing at all when neither word is there (an emulator), failing with
 * "The path has to be absolute". Found by the aarch64 smoke test.
 *
 * <p>So on linux-aarch64 the bridge unpacks the three libraries itself — the fp16 build where the CPU says
 * {@code fphp} (Pi 5), else the crc build (every 64-bit Pi) — into a private directory (0700), under the names
 * the JNI library links against, and points whisper-jni there with its
 * {@code io.github.givimad.whisperjni.libdir} property, which skips its own choice. Elsewhere nothing changes.
 */
final class WhisperNatives {

  static final String LIBDIR_PROPERTY = "io.github.givimad.whisperjni.libdir";

  private WhisperNatives() {
  }

  /** Which ggml build suits a CPU whose /proc/cpuinfo says {@code cpuInfo}. Pure. */
  static String ggmlFor(String cpuInfo) {
    return cpuInfo.contains("fphp") ? "libggml+fp16.so" : "libggml+crc.so";
  }

  /** Prepares the libraries where whisper-jni's own choice fails; returns the directory, if one was made. */
  static Optional<Path> prepare() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("aarch64") || arch.equals("arm64"))
        || System.getProperty(LIBDIR_PROPERTY) != null) {
      return Optional.empty();
    }
    String cpuInfo;
    try {
      cpuInfo = Files.readString(Path.of("/proc/cpuinfo"));
    } catch (IOException e) {
      cpuInfo = "";
    }
    try {
      Path dir = Files.createTempDirectory("voice-bridge-whisper-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      unpack("/debian-arm64/libwhisper-jni.so", dir.resolve("libwhisper-jni.so"));
      unpack("/debian-arm64/libwhisper.so.1", dir.resolve("libwhisper.so.1"));
      unpack("/debian-arm64/" + ggmlFor(cpuInfo), dir.resolve("libggml.so"));
      System.setProperty(LIBDIR_PROPERTY, dir.toString());
      return Optional.of(dir);
    } catch (IOException e) {
      throw new BridgeException("cannot unpack whisper.cpp's aarch64 libraries into the temporary directory ("
          + e.getMessage() + "); set java.io.tmpdir to a writable place", e);
    }
  }

  private static void unpack(String resource, Path target) throws IOException {
    try (InputStream in = WhisperNatives.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("the jar has no " + resource);
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    target.toFile().deleteOnExit();
  }
}
