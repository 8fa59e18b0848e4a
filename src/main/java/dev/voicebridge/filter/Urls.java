package dev.voicebridge.filter;

import java.util.Locale;

/** How a URL is spoken: by its host name, which is what a listener can remember and type. */
final class Urls {

  private Urls() {
  }

  /**
   * Sentence punctuation after a URL is not part of it ("see https://x.org/a."), and neither is a closing
   * bracket that has no opening one inside the URL (a URL in parentheses).
   */
  static String trimTrailingPunctuation(String url) {
    int end = url.length();
    while (end > 0) {
      char c = url.charAt(end - 1);
      if (".,;:!?'\"*_…".indexOf(c) >= 0) {
        end--;
      } else if ((c == ')' || c == ']') && count(url, end, c == ')' ? '(' : '[') < count(url, end, c)) {
        end--;
      } else {
        break;
      }
    }
    return url.substring(0, end);
  }

  /** {@code https://www.docs.example.com:8080/a?b} → {@code docs.example.com}. */
  static String host(String url) {
    String s = url;
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      s = s.substring(scheme + 3);
    }
    int at = s.indexOf('@');
    int slash = s.indexOf('/');
    if (at >= 0 && (slash < 0 || at < slash)) {
      s = s.substring(at + 1); // user:password@ never spoken
    }
    int end = s.length();
    for (char stop : new char[] {'/', '?', '#', ':'}) {
      int i = s.indexOf(stop);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    s = s.substring(0, end).toLowerCase(Locale.ROOT);
    return s.startsWith("www.") ? s.substring(4) : s;
  }

  /**
   * Whether {@code host} can be said as a host name: DNS limits (253 characters, labels of at most 63) and at
   * least one letter. Anything else — a megabyte of "aaaa", an address made up to be read out — is said as
   * the link phrase instead.
   */
  static boolean speakableHost(String host) {
    if (host.isEmpty() || host.length() > 253 || host.chars().noneMatch(Character::isLetter)) {
      return false;
    }
    for (String label : host.split("\\.", -1)) {
      if (label.length() > 63) {
        return false;
      }
    }
    return true;
  }

  private static int count(String s, int end, char c) {
    int n = 0;
    for (int i = 0; i < end; i++) {
      n += s.charAt(i) == c ? 1 : 0;
    }
    return n;
  }
}
