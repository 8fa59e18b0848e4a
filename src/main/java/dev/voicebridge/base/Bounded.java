package dev.voicebridge.base;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Maps and sets that forget their eldest entry beyond a size: what a component remembers about runs, turns
 * or sessions must not grow with the life of the device. Not thread-safe, like the collections they are.
 */
public final class Bounded {

  private Bounded() {
  }

  /** A map of at most {@code max} entries, forgetting the one inserted first. */
  public static <K, V> Map<K, V> map(int max) {
    return map(max, false);
  }

  /** The same; with {@code leastRecentlyUsed} it forgets the entry used longest ago (a cache). */
  public static <K, V> Map<K, V> map(int max, boolean leastRecentlyUsed) {
    return new LinkedHashMap<>(16, 0.75f, leastRecentlyUsed) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
      }
    };
  }

  /** A set of at most {@code max} elements, forgetting the one added first. */
  public static <T> Set<T> set(int max) {
    return Collections.newSetFromMap(map(max));
  }
}
