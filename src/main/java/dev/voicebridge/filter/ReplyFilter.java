package dev.voicebridge.filter;

import dev.voicebridge.base.ControlCharacters;
import dev.voicebridge.bus.GatewayMessages.ReplyDelta;
import java.util.function.Consumer;

/**
 * The speakability filter for one streamed reply: feed it what the gateway streams (deltas, tool
 * events, the final text, an error or an abort) and it hands each speakable sentence to its consumer,
 * in order, as soon as the sentence is complete.
 *
 * <p>Pipeline: {@link TagBlockStripper} (thinking, tool-call blocks) → {@link MarkdownCleaner} (markdown,
 * code, URLs, tables, JSON, emoji) → {@link SentenceChunker} → {@link SentencePolicy} (chatter, cap,
 * silent tokens). Every stage is streaming-safe, so the sentences are the same however the reply was
 * split into deltas. Not thread-safe: one reply is fed from one thread (the filter verticle's event loop).
 */
public final class ReplyFilter {

  private final FilterSettings settings;
  private final Consumer<String> sentences;
  private Pipeline pipeline;

  /** The raw text received so far of the current assistant message, to reconcile cumulative deltas. */
  private final StringBuilder seen = new StringBuilder();
  private boolean toolSinceText;
  private boolean ended;
  private int spoken;

  public ReplyFilter(FilterSettings settings, Consumer<String> sentences) {
    this.settings = settings;
    this.sentences = sentences;
    this.pipeline = new Pipeline(0);
  }

  /** The stages for one pass over the text; a rewritten reply gets a fresh pass. */
  private final class Pipeline {
    private final SentencePolicy policy;
    private final SentenceStream stream;
    private int skip;

    Pipeline(int alreadySpoken) {
      skip = alreadySpoken;
      policy = new SentencePolicy(settings, this::emit);
      stream = new SentenceStream(settings, policy::accept);
    }

    private void emit(String sentence) {
      if (skip > 0) {
        skip--; // spoken before the reply was rewritten
        return;
      }
      spoken++;
      sentences.accept(sentence);
    }

    void feed(String text) {
      stream.feed(ControlCharacters.strip(text)); // after reconciling: the raw text is what the gateway sent
    }

    void boundary() {
      stream.boundary();
    }

    void say(String sentence) {
      stream.boundary();
      policy.accept(sentence);
    }

    void finish() {
      stream.finish();
    }
  }

  /** Raw text appended to the reply. */
  public void append(String text) {
    if (!ended && text != null && !text.isEmpty()) {
      seen.append(text);
      pipeline.feed(text);
    }
  }

  /**
   * A gateway delta. The gateway sends both the increment and the whole text so far, re-sends its last
   * delta before the final, and may replace the text: the whole text is the truth, the increment is used
   * only when the whole text is missing.
   */
  public void delta(ReplyDelta delta) {
    reconcile(delta.text(), delta.delta(), delta.replace());
  }

  /** A tool call started: the text before it is complete, and what follows may be a new message. */
  public void toolStarted() {
    if (!ended) {
      pipeline.boundary();
      toolSinceText = true;
    }
  }

  /** A sentence said outside the reply's text (a tool failure), in order with the rest. */
  public void say(String sentence) {
    if (!ended) {
      pipeline.say(sentence);
    }
  }

  /** The reply finished; {@code finalText} (the whole reply, may be null) completes what streamed. */
  public void finish(String finalText) {
    if (ended) {
      return;
    }
    reconcile(finalText, null, false);
    pipeline.finish();
    ended = true;
  }

  /** The reply failed: the unfinished sentence is dropped and one short apology is spoken instead. */
  public void fail() {
    if (ended) {
      return;
    }
    ended = true;
    if (!settings.errorPhrase().isBlank()) {
      spoken++;
      sentences.accept(settings.errorPhrase());
    }
  }

  /** The reply was aborted: the unfinished sentence is dropped, nothing more is said. */
  public void abort() {
    ended = true;
  }

  public boolean ended() {
    return ended;
  }

  /** Sentences handed out so far. */
  public int spoken() {
    return spoken;
  }

  private void reconcile(String whole, String increment, boolean replace) {
    if (ended) {
      return;
    }
    if (whole == null) {
      if (increment != null) {
        if (replace) {
          rewrite(increment);
        } else {
          append(increment);
        }
      }
      return;
    }
    if (startsWith(whole, seen)) {
      append(whole.substring(seen.length()));
    } else if (startsWith(seen, whole) && !replace) {
      return; // an older snapshot (a re-sent delta): nothing new
    } else if (toolSinceText) {
      seen.setLength(0); // after a tool call the next assistant message streams from its own start
      append(whole);
    } else if (replace) {
      rewrite(whole);
    } else if (increment != null) {
      append(increment);
    }
    if (!seen.isEmpty()) {
      toolSinceText = false;
    }
  }

  /**
   * The gateway replaced the text with a different one. What was said cannot be unsaid: the new text is
   * filtered from its start and its first sentences, as many as were already spoken, are skipped.
   */
  private void rewrite(String whole) {
    pipeline = new Pipeline(spoken);
    seen.setLength(0);
    append(whole);
  }

  private static boolean startsWith(CharSequence text, CharSequence prefix) {
    if (prefix.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (text.charAt(i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
