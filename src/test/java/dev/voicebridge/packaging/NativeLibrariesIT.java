package dev.voicebridge.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.bench.BridgeProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The fat jar's native libraries, per architecture, are exactly those listed in
 * {@code packaging/native-libraries.txt}: a dependency bump (or a shade filter) that drops the aarch64 build
 * of one of them fails here instead of on a user's Raspberry Pi.
 */
class NativeLibrariesIT {

  /** What a Pi needs from the jar itself: the database, the wake word and VAD models' runtime, Whisper, JNA. */
  private static final List<String> AARCH64_REQUIRED = List.of("libsqlitejdbc.so", "libonnxruntime.so",
      "libonnxruntime4j_jni.so", "libwhisper-jni.so", "libjnidispatch.so");

  @Test
  void theJarCarriesExactlyTheListedNativeLibraries() throws IOException {
    Map<String, String> listed = listed();
    Map<String, String> inJar = new TreeMap<>();
    try (JarFile jar = new JarFile(BridgeProcess.JAR.toFile())) {
      jar.stream().map(e -> e.getName()).filter(n -> n.matches(".*\\.so(\\.[0-9]+)*")).forEach(n ->
          inJar.put(n, n.contains("aarch64") || n.contains("arm64") ? "aarch64" : "x86_64"));
    }
    assertEquals(render(listed), render(inJar), "the jar's native libraries changed: if that is meant, update "
        + "src/test/resources/dev/voicebridge/packaging/native-libraries.txt (and docs/install.md)");
    TreeSet<String> aarch64 = inJar.entrySet().stream().filter(e -> e.getValue().equals("aarch64"))
        .map(e -> e.getKey().substring(e.getKey().lastIndexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
    for (String lib : AARCH64_REQUIRED) {
      assertTrue(aarch64.contains(lib), "no linux-aarch64 " + lib + " in the jar: " + aarch64);
    }
  }

  private static Map<String, String> listed() throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (InputStream in = NativeLibrariesIT.class.getResourceAsStream("native-libraries.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t");
          out.put(f[1].strip(), f[0].strip());
        }
      }
    }
    return out;
  }

  private static String render(Map<String, String> libs) {
    return libs.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining("\n"));
  }
}
