package dev.voicebridge.gateway;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs each kind of problem once at WARN and its repeats at DEBUG, so a misbehaving peer cannot flood the
 * log, yet the first occurrence is always visible. Not thread-safe: use it from one context.
 */
final class ProblemLog {

  private final Logger log;
  private final Map<String, Integer> seen = new HashMap<>();

  ProblemLog(Logger log) {
    this.log = log;
  }

  void warn(String kind, String message) {
    int count = seen.merge(kind, 1, Integer::sum);
    if (count == 1) {
      log.warn("{} (further problems of this kind are logged at debug level)", message);
    } else {
      log.debug("{} (#{} of this kind)", message, count);
    }
  }
}
