package dev.voicebridge.cli;

import dev.voicebridge.filter.FilterSettings;
import dev.voicebridge.filter.ReplyFilter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code speakable}: shows what the bridge would say for a reply read from stdin. */
@Command(name = "speakable", mixinStandardHelpOptions = true,
    description = {"Read an assistant reply (plain text or markdown) from stdin and print each sentence the "
        + "bridge would speak, one a line, as soon as it is complete.",
        "Example: echo '**Hi!** See https://example.com/x.' | voice-bridge speakable --chunk 3"})
public final class SpeakableCommand extends CommandBase {

  @Option(names = "--chunk", paramLabel = "N",
      description = "Feed the reply to the filter in N-character deltas, as a stream would (default: all at once)")
  Integer chunk;

  @Override
  public Integer call() throws IOException {
    if (chunk != null && chunk < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--chunk must be at least 1, got " + chunk);
    }
    FilterSettings settings = FilterSettings.from(CliRuntime.loadConfig(global()));
    PrintWriter out = out();
    ReplyFilter filter = new ReplyFilter(settings, sentence -> {
      out.println(sentence);
      out.flush();
    });
    Reader in = new InputStreamReader(System.in, StandardCharsets.UTF_8);
    if (chunk == null) {
      filter.finish(readAll(in));
      return 0;
    }
    char[] buffer = new char[chunk];
    int filled = 0;
    int n;
    while ((n = in.read(buffer, filled, chunk - filled)) > 0) {
      filled += n;
      if (filled == chunk) {
        filter.append(new String(buffer, 0, filled));
        filled = 0;
      }
    }
    filter.append(new String(buffer, 0, filled));
    filter.finish(null);
    return 0;
  }

  private static String readAll(Reader in) throws IOException {
    StringBuilder sb = new StringBuilder();
    char[] buffer = new char[8192];
    int n;
    while ((n = in.read(buffer)) > 0) {
      sb.append(buffer, 0, n);
    }
    return sb.toString();
  }
}
