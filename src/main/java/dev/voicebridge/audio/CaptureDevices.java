package dev.voicebridge.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/** The capture devices javax.sound can see, for choosing one by name and for error messages. */
public final class CaptureDevices {

  private static final Line.Info TARGET = new Line.Info(TargetDataLine.class);

  private CaptureDevices() {
  }

  /** Mixers that can capture, e.g. {@code default [default]} or {@code USB Audio [plughw:1,0]}. */
  public static List<Mixer.Info> list() {
    List<Mixer.Info> out = new ArrayList<>();
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      try {
        if (AudioSystem.getMixer(info).isLineSupported(TARGET)) {
          out.add(info);
        }
      } catch (RuntimeException e) {
        // a mixer that cannot even be asked is not usable
      }
    }
    return out;
  }

  /** The first capture mixer whose name or description contains {@code name} (case-insensitive). */
  public static Optional<Mixer.Info> find(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return list().stream()
        .filter(i -> i.getName().toLowerCase(Locale.ROOT).contains(wanted)
            || i.getDescription().toLowerCase(Locale.ROOT).contains(wanted))
        .findFirst();
  }

  /** "a, b, c" or a sentence saying there are none. */
  public static String describeAvailable() {
    List<Mixer.Info> all = list();
    if (all.isEmpty()) {
      return "none (this machine has no sound card or sound server that Java can see)";
    }
    List<String> names = new ArrayList<>();
    all.forEach(i -> names.add("'" + i.getName() + "'"));
    return String.join(", ", names);
  }
}
