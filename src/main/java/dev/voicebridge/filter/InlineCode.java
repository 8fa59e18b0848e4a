package dev.voicebridge.filter;

import java.util.regex.Pattern;

/**
 * Inline code is spoken only when it reads like words: a name ({@code max_tokens}, {@code config.json}),
 * a short command ({@code npm install}). Anything with operators, flags, brackets or quotes is code a
 * listener cannot use by ear, and is dropped.
 */
final class InlineCode {

  private static final Pattern WORD_LIKE = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._'+_-]*(?: [\\p{L}\\p{N}][\\p{L}\\p{N}._'+_-]*){0,3}");
  private static final int MAX_LENGTH = 40;

  private InlineCode() {
  }

  static boolean isWordLike(String code) {
    return !code.isEmpty() && code.length() <= MAX_LENGTH && WORD_LIKE.matcher(code).matches()
        && !code.contains("..") && !code.contains("--");
  }

  /** Underscores read as spaces: {@code max_tokens} → "max tokens". */
  static String speakable(String code) {
    return code.replace('_', ' ');
  }
}
