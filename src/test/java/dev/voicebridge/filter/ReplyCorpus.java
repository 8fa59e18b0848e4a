package dev.voicebridge.filter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reply corpus in {@code src/test/resources/filter/replies.txt}: real-looking assistant replies with
 * the sentences a listener must hear. Format, one case after the other:
 *
 * <pre>
 * === case-name
 * --- config            (optional: filter keys for this case, KEY=VALUE per line)
 * --- reply             (the raw reply, verbatim, up to the next "--- " line; the newline before it is not part of the reply)
 * --- end error|aborted (optional: how the run ends; default final)
 * --- expect            (the spoken sentences, one a line; none for a silent reply)
 * </pre>
 *
 * Inside a reply, {@code ⟪tool:NAME⟫} marks where a tool call started, {@code ⟪tool-error:NAME⟫} where a
 * tool returned an error, {@code ⟪tool-ok:NAME⟫} where it returned a result.
 */
record ReplyCorpus(List<Case> cases) {

  record ToolMark(int at, String name, String phase, boolean error) {
  }

  record Case(String name, Map<String, String> config, String text, List<ToolMark> tools, String end,
      List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final Pattern MARK = Pattern.compile("⟪(tool|tool-error|tool-ok):([^⟫]+)⟫");

  static ReplyCorpus load(String resource) throws IOException {
    try (InputStream in = ReplyCorpus.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static ReplyCorpus parse(String all) {
    List<Case> cases = new ArrayList<>();
    String[] lines = all.split("\n", -1);
    int i = 0;
    while (i < lines.length) {
      if (!lines[i].startsWith("=== ")) {
        i++;
        continue;
      }
      String name = lines[i].substring(4).strip();
      i++;
      Map<String, String> config = new LinkedHashMap<>();
      String reply = null;
      String end = "final";
      List<String> expected = new ArrayList<>();
      while (i < lines.length && !lines[i].startsWith("=== ")) {
        String header = lines[i];
        i++;
        List<String> body = new ArrayList<>();
        while (i < lines.length && !lines[i].startsWith("--- ") && !lines[i].startsWith("=== ")) {
          body.add(lines[i]);
          i++;
        }
        if (header.startsWith("--- config")) {
          body.stream().filter(l -> !l.isBlank()).forEach(l -> {
            int eq = l.indexOf('=');
            config.put(l.substring(0, eq).strip(), l.substring(eq + 1));
          });
        } else if (header.startsWith("--- reply")) {
          reply = String.join("\n", body);
        } else if (header.startsWith("--- end")) {
          end = header.substring("--- end".length()).strip();
        } else if (header.startsWith("--- expect")) {
          body.stream().filter(l -> !l.isBlank()).forEach(expected::add);
        } else {
          throw new IllegalArgumentException("case " + name + ": unknown section " + header);
        }
      }
      if (reply == null) {
        throw new IllegalArgumentException("case " + name + " has no reply");
      }
      List<ToolMark> tools = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      Matcher m = MARK.matcher(reply);
      int last = 0;
      while (m.find()) {
        text.append(reply, last, m.start());
        String kind = m.group(1);
        tools.add(new ToolMark(text.length(), m.group(2), kind.equals("tool") ? "start" : "result",
            kind.equals("tool-error")));
        last = m.end();
      }
      text.append(reply.substring(last));
      cases.add(new Case(name, config, text.toString(), tools, end, expected));
    }
    return new ReplyCorpus(cases);
  }
}
