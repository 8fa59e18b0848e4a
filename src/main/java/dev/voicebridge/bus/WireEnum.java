package dev.voicebridge.bus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Helpers for enums that travel on the bus and in the database as lower-case words. */
final class WireEnum {

  private WireEnum() {
  }

  static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    if (value == null) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw new IllegalArgumentException("\"" + value + "\" is not a " + type.getSimpleName() + " (one of "
        + Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", ")) + ")");
  }
}
