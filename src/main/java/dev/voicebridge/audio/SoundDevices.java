package dev.voicebridge.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;

/**
 * The sound devices javax.sound can see, for choosing one by name and for error messages: mixers that
 * can capture ({@link #CAPTURE}, e.g. {@code USB Audio [plughw:1,0]}) or play ({@link #PLAYBACK}).
 */
public final class SoundDevices {

  public static final SoundDevices CAPTURE = new SoundDevices(TargetDataLine.class);
  public static final SoundDevices PLAYBACK = new SoundDevices(SourceDataLine.class);

  private final Line.Info line;

  private SoundDevices(Class<? extends Line> lineClass) {
    this.line = new Line.Info(lineClass);
  }

  public List<Mixer.Info> list() {
    List<Mixer.Info> out = new ArrayList<>();
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      try {
        if (AudioSystem.getMixer(info).isLineSupported(line)) {
          out.add(info);
        }
      } catch (RuntimeException e) {
        // a mixer that cannot even be asked is not usable
      }
    }
    return out;
  }

  /** The first device whose name or description contains {@code name} (case-insensitive). */
  public Optional<Mixer.Info> find(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return list().stream()
        .filter(i -> i.getName().toLowerCase(Locale.ROOT).contains(wanted)
            || i.getDescription().toLowerCase(Locale.ROOT).contains(wanted))
        .findFirst();
  }

  /** "'a', 'b', 'c'" or a sentence saying there are none. */
  public String describeAvailable() {
    List<String> names = list().stream().map(i -> "'" + i.getName() + "'").toList();
    return names.isEmpty() ? "none (this machine has no sound card or sound server that Java can see)"
        : String.join(", ", names);
  }
}
