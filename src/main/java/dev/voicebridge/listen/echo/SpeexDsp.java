package dev.voicebridge.listen.echo;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few functions of libspeexdsp (Debian {@code libspeexdsp1}, amd64 and arm64) that echo cancellation
 * needs, bound with JNA direct mapping (no compiled glue of our own, one native call per function). The
 * library is looked up once; {@link #load()} says why it is unusable instead of throwing, so the bridge can
 * fall back and tell the user what to install.
 *
 * <p>Every method takes a state created by this class and must be called from one thread at a time per
 * state (speexdsp states are not thread-safe).
 */
final class SpeexDsp {

  static final int SPEEX_ECHO_SET_SAMPLING_RATE = 24;
  static final int SPEEX_PREPROCESS_SET_DENOISE = 0;
  static final int SPEEX_PREPROCESS_SET_NOISE_SUPPRESS = 18;
  static final int SPEEX_PREPROCESS_SET_ECHO_SUPPRESS = 20;
  static final int SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE = 22;
  static final int SPEEX_PREPROCESS_SET_ECHO_STATE = 24;

  /** Debian ships only the versioned name without the -dev package; the plain name serves other systems. */
  private static final List<String> NAMES = List.of("speexdsp", "libspeexdsp.so.1");

  private static Optional<String> problem;
  private static String bound;

  private SpeexDsp() {
  }

  /**
   * Binds the library once; empty when usable, else what is wrong and what to install. {@code library}: a
   * file or name to load instead of the system's ({@code aec.library}); blank for the system's. A later
   * call with another library gets the first one's answer (JNA binds a class once).
   */
  static synchronized Optional<String> load(String library) {
    if (problem == null) {
      problem = bind(library == null || library.isBlank() ? NAMES : List.of(library));
      bound = library;
    }
    return problem;
  }

  private static Optional<String> bind(List<String> names) {
    List<String> errors = new ArrayList<>();
    for (String name : names) {
      try {
        Native.register(SpeexDsp.class, NativeLibrary.getInstance(name));
        return Optional.empty();
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        errors.add(String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip()); // JNA's runs to many lines
      }
    }
    return Optional.of("libspeexdsp could not be loaded (" + errors.get(errors.size() - 1)
        + "); install it with apt-get install libspeexdsp1, or set aec.library to its file");
  }

  static native Pointer speex_echo_state_init(int frameSize, int filterLength);

  static native void speex_echo_state_destroy(Pointer state);

  static native void speex_echo_state_reset(Pointer state);

  static native void speex_echo_cancellation(Pointer state, short[] rec, short[] play, short[] out);

  static native int speex_echo_ctl(Pointer state, int request, IntByReference value);

  static native Pointer speex_preprocess_state_init(int frameSize, int samplingRate);

  static native void speex_preprocess_state_destroy(Pointer state);

  static native int speex_preprocess_run(Pointer state, short[] frame);

  static native int speex_preprocess_ctl(Pointer state, int request, Pointer value);
}
