package dev.voicebridge.filter;

import java.util.function.Consumer;

/**
 * The text stages of the filter chained: {@link TagBlockStripper} → {@link MarkdownCleaner} →
 * {@link SentenceChunker}. Hands out each raw sentence (before {@link SentencePolicy}) as soon as it is
 * complete.
 */
final class SentenceStream {

  private final TagBlockStripper stripper;
  private final MarkdownCleaner cleaner;
  private final SentenceChunker chunker;

  SentenceStream(FilterSettings settings, Consumer<String> sentences) {
    chunker = new SentenceChunker(settings.maxSentenceChars(), sentences);
    cleaner = new MarkdownCleaner(settings, new MarkdownCleaner.Sink() {
      @Override
      public void text(CharSequence text) {
        chunker.text(text);
      }

      @Override
      public void boundary() {
        chunker.boundary();
      }
    });
    stripper = new TagBlockStripper(cleaner::feed);
  }

  void feed(String text) {
    stripper.feed(text);
  }

  /** A boundary no sentence crosses (a tool call between two pieces of text). */
  void boundary() {
    stripper.feed("\n\n");
  }

  void finish() {
    stripper.finish();
    cleaner.finish();
    chunker.finish();
  }
}
