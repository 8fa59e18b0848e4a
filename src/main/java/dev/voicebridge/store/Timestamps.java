package dev.voicebridge.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Timestamps as the store keeps them: ISO-8601 UTC with exactly three fraction digits
 * ({@code 2026-11-24T06:37:01.123Z}). The fixed width makes text order equal time order, so range
 * queries and indexes on these columns work on the strings.
 */
public final class Timestamps {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;

  public Timestamps(Clock clock) {
    this.clock = clock;
  }

  public static Timestamps system() {
    return new Timestamps(Clock.systemUTC());
  }

  public String now() {
    return format(clock.instant());
  }

  public Instant nowInstant() {
    return clock.instant();
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * Parses what a user may type for a time bound: a full instant ({@code 2026-11-24T06:00:00Z}), a local
   * date-time taken as UTC ({@code 2026-11-24T06:00}) or a date ({@code 2026-11-24}, midnight UTC).
   */
  public static Instant parse(String text) {
    String t = text.trim();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException ignored) {
      // fall through to the shorter forms
    }
    try {
      return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // fall through
    }
    try {
      return java.time.LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw StoreException.badRequest("\"" + text + "\" is not a date or time (use ISO-8601, e.g. 2026-11-24 or "
          + "2026-11-24T06:30:00Z)");
    }
  }

  /** Normalises a user-supplied bound to the stored format, or returns null for null. */
  public static String normalise(String text) {
    return text == null || text.isBlank() ? null : format(parse(text));
  }
}
