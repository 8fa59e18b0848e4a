package dev.voicebridge.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations people type: {@code 7d}, {@code 12h}, {@code 30m}, {@code 2w}. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {

  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([mhdw])");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    Matcher m = FORM.matcher(value.trim().toLowerCase());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException("\"" + value + "\" is not a duration: use a number and a unit, "
          + "m (minutes), h (hours), d (days) or w (weeks), e.g. 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }
}
