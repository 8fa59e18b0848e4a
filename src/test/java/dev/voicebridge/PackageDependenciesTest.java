package dev.voicebridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the arrows between packages pointing one way (docs/architecture.md, "Packages"): {@code cli} on top,
 * then {@code bench} and {@code app} (the composition), the capabilities, and {@code bus}, {@code config}
 * and {@code base} at the bottom. Read from the sources: every {@code dev.voicebridge.<package>.<Type>}
 * a file names, imported or written out. The benchmarks ({@code src/bench}) compile with the product but
 * ship only in voice-bridge-bench.jar, so no product source may name them: the compiler would not notice.
 */
class PackageDependenciesTest {

  private static final Path PRODUCT = Path.of("src", "main", "java", "dev", "voicebridge");
  private static final Path BENCH = Path.of("src", "bench", "java", "dev", "voicebridge");
  private static final Pattern REFERENCE = Pattern.compile("dev\\.voicebridge\\.([a-z][a-z0-9.]*)\\.[A-Z]");
  /** package -> package it uses -> the files that do. */
  private static final Map<String, Map<String, Set<String>>> USES = new TreeMap<>();
  /** Product (src/main) files that name a benchmark class. */
  private static final Set<String> PRODUCT_USING_BENCH = new TreeSet<>();

  @BeforeAll
  static void readTheSources() throws IOException {
    for (Path root : List.of(PRODUCT, BENCH)) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
          Matcher m = REFERENCE.matcher(Files.readString(file));
          while (m.find()) {
            if (root == PRODUCT && top(m.group(1), "bench")) {
              PRODUCT_USING_BENCH.add(PRODUCT.relativize(file).toString());
            }
            if (!m.group(1).equals(pkg)) {
              USES.computeIfAbsent(pkg, k -> new TreeMap<>()).computeIfAbsent(m.group(1), k -> new TreeSet<>())
                  .add(file.getFileName().toString());
            }
          }
        }
      }
    }
    assertTrue(USES.size() > 10 && USES.containsKey("bench.cli"), "read the sources under " + PRODUCT.toAbsolutePath()
        + " and " + BENCH.toAbsolutePath());
  }

  @Test
  void theProductDoesNotUseTheBenchmarksOrTheirTestDoubles() throws IOException {
    assertEquals(Set.of(), PRODUCT_USING_BENCH, "product sources that name a class of src/bench");
    try (Stream<Path> files = Files.walk(PRODUCT)) {
      assertEquals(List.of(), files.filter(f -> top(PRODUCT.relativize(f).toString().replace('/', '.'), "bench"))
          .toList(), "benchmark sources under src/main");
    }
  }

  private static boolean top(String pkg, String name) {
    return pkg.equals(name) || pkg.startsWith(name + ".");
  }

  /** The uses that break a rule: a package matching {@code from} that uses one matching {@code to}. */
  private static List<String> uses(java.util.function.Predicate<String> from, java.util.function.Predicate<String> to) {
    List<String> found = new ArrayList<>();
    USES.forEach((pkg, used) -> used.forEach((other, files) -> {
      if (from.test(pkg) && to.test(other) && !top(other, pkg) && !top(pkg, other)) {
        found.add(pkg + " -> " + other + " " + files);
      }
    }));
    return found;
  }

  @Test
  void thereAreNoPackageCycles() {
    List<List<String>> cycles = new ArrayList<>();
    Map<String, Integer> index = new TreeMap<>();
    Map<String, Integer> low = new TreeMap<>();
    List<String> stack = new ArrayList<>();
    for (String pkg : USES.keySet()) {
      if (!index.containsKey(pkg)) {
        strongConnect(pkg, index, low, stack, cycles);
      }
    }
    assertEquals(List.of(), cycles, "packages that depend on each other, round in a circle");
  }

  /** Tarjan's strongly connected components; a component of more than one package is a cycle. */
  private static void strongConnect(String v, Map<String, Integer> index, Map<String, Integer> low,
      List<String> stack, List<List<String>> cycles) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.add(v);
    for (String w : USES.getOrDefault(v, Map.of()).keySet()) {
      if (!index.containsKey(w)) {
        strongConnect(w, index, low, stack, cycles);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.remove(stack.size() - 1);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
  }

  @Test
  void theBottomLayerUsesNothingAboveIt() {
    assertEquals(List.of(), uses(p -> top(p, "base"), p -> true), "base uses no other package");
    assertEquals(List.of(), uses(p -> top(p, "bus") || top(p, "config"), p -> !top(p, "base")),
        "bus and config use only base");
  }

  @Test
  void capabilitiesDoNotReachUpToTheCompositionOrTheTools() {
    assertEquals(List.of(), uses(p -> !top(p, "app") && !top(p, "bench") && !top(p, "cli"),
        p -> top(p, "app") || top(p, "bench") || top(p, "cli")), "a capability uses app, bench or cli");
    assertEquals(List.of(), uses(p -> top(p, "app"), p -> top(p, "bench") || top(p, "cli")),
        "the composition (app) uses a benchmark or the command line");
    assertEquals(List.of(), uses(p -> top(p, "bench") && !top(p, "bench.cli"), p -> top(p, "cli")),
        "a benchmark uses the command line (only its commands, bench.cli, may)");
  }
}
