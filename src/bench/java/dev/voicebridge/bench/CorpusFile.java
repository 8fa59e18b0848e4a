package dev.voicebridge.bench;

import dev.voicebridge.base.BridgeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A labelled corpus shipped with the benchmarks: tab-separated fields, {@code #} comments, blank lines skipped. */
final class CorpusFile {

  private CorpusFile() {
  }

  /** The rows of resource {@code name} (e.g. "wake/corpus.tsv"), each split at tabs. */
  static List<String[]> rows(String name) {
    try (InputStream in = CorpusFile.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new BridgeException(name + " is missing from the benchmark jar");
      }
      List<String[]> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.split("\t"));
        }
      }
      return out;
    } catch (IOException e) {
      throw new BridgeException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }
}
