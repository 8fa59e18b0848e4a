package dev.voicebridge.cli;

import dev.voicebridge.base.PrivateFiles;
import dev.voicebridge.base.BridgeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writing command output: files (private, atomic) and aligned text tables. */
final class Output {

  private Output() {
  }

  /**
   * Writes {@code text} to {@code target} with mode 0600 (conversations are private), through a temporary
   * file renamed into place, so a reader never sees half an export.
   */
  static Path writePrivateFile(Path target, String text, boolean replace) {
    return PrivateFiles.writeString(target, text, replace);
  }

  /** A plain text table: header, then rows, columns padded to their widest cell. */
  static String table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] width = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i) == null ? 0 : row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i) == null ? "" : row.get(i);
        sb.append(i == row.size() - 1 ? cell : String.format("%-" + width[i] + "s  ", cell));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** One line of a turn's content for tables: newlines flattened, long text cut with an ellipsis. */
  static String oneLine(String text, int max) {
    String flat = text == null ? "" : text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
