package dev.voicebridge.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/** The playback devices javax.sound can see: mixers that offer a SourceDataLine. */
public final class OutputDevices {

  private OutputDevices() {
  }

  public static List<Mixer.Info> list() {
    List<Mixer.Info> out = new ArrayList<>();
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      try {
        Mixer mixer = AudioSystem.getMixer(info);
        for (Line.Info line : mixer.getSourceLineInfo()) {
          if (SourceDataLine.class.isAssignableFrom(line.getLineClass())) {
            out.add(info);
            break;
          }
        }
      } catch (RuntimeException e) {
        // a mixer that cannot even describe itself is not usable
      }
    }
    return out;
  }

  /** The first output device whose name or description contains {@code wanted} (case-insensitive). */
  public static Optional<Mixer.Info> find(String wanted) {
    String w = wanted.toLowerCase(Locale.ROOT);
    return list().stream()
        .filter(i -> i.getName().toLowerCase(Locale.ROOT).contains(w)
            || i.getDescription().toLowerCase(Locale.ROOT).contains(w))
        .findFirst();
  }

  /** "a, b, c" or "none" — for error messages. */
  public static String names() {
    List<String> names = list().stream().map(Mixer.Info::getName).toList();
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
