package dev.voicebridge.audio;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few functions of PulseAudio's simple API ({@code libpulse-simple.so.0}, Debian {@code libpulse0};
 * PipeWire's {@code pipewire-pulse} serves the same protocol) that {@link PulseSink} needs, bound with JNA
 * direct mapping. {@link #load()} says why it is unusable instead of throwing, so the speaker can fall back
 * to javax.sound.
 */
final class PulseAudio {

  static final int PA_STREAM_PLAYBACK = 1;
  static final int PA_SAMPLE_S16LE = 3;
  /** "Let the server choose" for a buffer attribute. */
  static final int DEFAULT = -1;

  private static final List<String> NAMES = List.of("pulse-simple", "libpulse-simple.so.0");
  private static Optional<String> problem;

  private PulseAudio() {
  }

  /** Binds the library once; empty when usable, else what is wrong. */
  static synchronized Optional<String> load() {
    if (problem == null) {
      problem = bind();
    }
    return problem;
  }

  private static Optional<String> bind() {
    List<String> errors = new ArrayList<>();
    for (String name : NAMES) {
      try {
        NativeLibrary simple = NativeLibrary.getInstance(name);
        Native.register(PulseAudio.class, simple);
        return Optional.empty();
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        errors.add(e.getMessage());
      }
    }
    return Optional.of("libpulse-simple could not be loaded (" + errors.get(errors.size() - 1) + ")");
  }

  /** {@code pa_sample_spec}. */
  @Structure.FieldOrder({"format", "rate", "channels"})
  public static final class SampleSpec extends Structure {
    public int format;
    public int rate;
    public byte channels;
  }

  /** {@code pa_buffer_attr}, in bytes; {@link #DEFAULT} lets the server choose. */
  @Structure.FieldOrder({"maxlength", "tlength", "prebuf", "minreq", "fragsize"})
  public static final class BufferAttr extends Structure {
    public int maxlength = DEFAULT;
    public int tlength = DEFAULT;
    public int prebuf = DEFAULT;
    public int minreq = DEFAULT;
    public int fragsize = DEFAULT;
  }

  static native Pointer pa_simple_new(String server, String name, int dir, String dev, String streamName,
      SampleSpec ss, Pointer map, BufferAttr attr, IntByReference error);

  static native int pa_simple_write(Pointer s, byte[] data, long bytes, IntByReference error);

  static native int pa_simple_drain(Pointer s, IntByReference error);

  static native int pa_simple_flush(Pointer s, IntByReference error);

  static native long pa_simple_get_latency(Pointer s, IntByReference error);

  static native void pa_simple_free(Pointer s);
}
