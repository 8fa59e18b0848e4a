package dev.voicebridge.audio;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.function.ToLongFunction;

/**
 * One libpulse-simple playback stream, shared by the player thread (write, drain) and any other thread
 * (flush at a barge-in, close at shutdown). The native stream is freed only when no call is in flight on
 * it: by {@link #close} when none is, else by the last call to return. So a close racing a write never
 * frees memory the write is still using, and close never waits for a write (which may block until the
 * server has taken the audio). A call after close makes no native call and returns {@link #CLOSED}.
 */
final class PulseStream {

  /** What a call returns when the stream was closed before it: nothing was done. */
  static final int CLOSED = Integer.MIN_VALUE;

  private final Pointer pointer;
  private final PcmFormat format;
  /** Native calls in flight; guarded by this. */
  private int calls;
  /** Set once, by {@link #close}; guarded by this. */
  private boolean closed;

  PulseStream(Pointer pointer, PcmFormat format) {
    this.pointer = pointer;
    this.format = format;
  }

  /** The format the stream was opened in. */
  PcmFormat format() {
    return format;
  }

  /** {@code pa_simple_write}: 0, a negative error, or {@link #CLOSED}. */
  int write(byte[] data, int len, IntByReference error) {
    return (int) call(s -> PulseAudio.pa_simple_write(s, data, len, error));
  }

  /** {@code pa_simple_drain}: 0, a negative error, or {@link #CLOSED}. */
  int drain(IntByReference error) {
    return (int) call(s -> PulseAudio.pa_simple_drain(s, error));
  }

  /** {@code pa_simple_flush}: 0, a negative error, or {@link #CLOSED}. */
  int flush(IntByReference error) {
    return (int) call(s -> PulseAudio.pa_simple_flush(s, error));
  }

  /**
   * {@code pa_simple_get_latency}: microseconds until a sample written now is played (the stream's queue
   * plus the device's latency, interpolated by libpulse between timing updates), or -1 when the server
   * cannot tell or the stream is closed.
   */
  long latencyMicros() {
    long us = call(s -> PulseAudio.pa_simple_get_latency(s, new IntByReference()));
    return us == CLOSED ? -1 : us; // (pa_usec_t) -1 on failure is -1 here too
  }

  /** No call starts after this; the native stream is freed now, or by the call still in flight. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (calls > 0) {
        return;
      }
    }
    PulseAudio.pa_simple_free(pointer);
  }

  private long call(ToLongFunction<Pointer> nativeCall) {
    synchronized (this) {
      if (closed) {
        return CLOSED;
      }
      calls++;
    }
    try {
      return nativeCall.applyAsLong(pointer);
    } finally {
      boolean last;
      synchronized (this) {
        last = --calls == 0 && closed;
      }
      if (last) {
        PulseAudio.pa_simple_free(pointer);
      }
    }
  }
}
