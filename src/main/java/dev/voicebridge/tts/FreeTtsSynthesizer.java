package dev.voicebridge.tts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import com.sun.speech.freetts.audio.AudioPlayer;
import dev.voicebridge.audio.PcmFormat;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFormat;

/**
 * FreeTTS, pure Java and bundled in the jar: the bridge speaks even where espeak-ng is not installed.
 * The voice is loaded once (about a third of a second) and reused; FreeTTS hands over audio per
 * utterance segment through an {@link AudioPlayer}, which this class implements to forward the PCM
 * (converted to little-endian) and to stop FreeTTS when the sentence is cancelled.
 */
public final class FreeTtsSynthesizer implements Synthesizer {

  private final Voice voice;
  private final ForwardingPlayer player = new ForwardingPlayer();

  /**
   * Loads the voice. Blocking.
   *
   * @throws SynthesisException when FreeTTS has no such voice (the message lists those it has)
   */
  public FreeTtsSynthesizer(TtsSettings settings) {
    // FreeTTS finds voices through jar manifests, which the fat jar merges away: name the bundled ones.
    if (System.getProperty("freetts.voices") == null) {
      System.setProperty("freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory,"
          + "com.sun.speech.freetts.en.us.cmu_time_awb.AlanVoiceDirectory");
    }
    VoiceManager manager = VoiceManager.getInstance();
    Voice v = manager.getVoice(settings.freettsVoice());
    if (v == null) {
      String known = Arrays.stream(manager.getVoices()).map(Voice::getName).collect(Collectors.joining(", "));
      throw new SynthesisException("FreeTTS has no voice '" + settings.freettsVoice() + "' (available: " + known
          + "); set tts.freetts.voice");
    }
    v.allocate();
    v.setAudioPlayer(player);
    this.voice = v;
  }

  @Override
  public String name() {
    return "freetts";
  }

  @Override
  public PcmFormat expectedFormat() {
    return new PcmFormat(16000, 1);
  }

  @Override
  public synchronized void synthesize(String text, AudioReceiver out, Cancellation cancel) {
    if (cancel.isCancelled()) {
      return;
    }
    player.target(out, cancel);
    try {
      boolean completed = voice.speak(text);
      if (!completed && !cancel.isCancelled()) {
        throw new SynthesisException("FreeTTS could not speak the sentence");
      }
    } catch (RuntimeException e) {
      if (e instanceof SynthesisException s) {
        throw s;
      }
      throw new SynthesisException("FreeTTS failed: " + e, e);
    } finally {
      player.target(null, null);
    }
  }

  @Override
  public void close() {
    voice.deallocate();
  }

  /** FreeTTS's output side: forwards PCM to the current sentence's receiver. */
  private static final class ForwardingPlayer implements AudioPlayer {
    private AudioFormat format = new AudioFormat(16000, 16, 1, true, true);
    private AudioReceiver out;
    private Cancellation cancel;
    private boolean formatSent;
    private float volume = 1.0f;

    void target(AudioReceiver receiver, Cancellation cancellation) {
      out = receiver;
      cancel = cancellation;
      formatSent = false;
    }

    @Override
    public void setAudioFormat(AudioFormat f) {
      format = f;
      formatSent = false;
    }

    @Override
    public AudioFormat getAudioFormat() {
      return format;
    }

    @Override
    public boolean write(byte[] data) {
      return write(data, 0, data.length);
    }

    @Override
    public boolean write(byte[] data, int off, int len) {
      if (out == null || cancel == null || cancel.isCancelled()) {
        return false; // FreeTTS stops the utterance
      }
      if (!formatSent) {
        out.format(new PcmFormat((int) format.getSampleRate(), format.getChannels()));
        formatSent = true;
      }
      byte[] pcm = Arrays.copyOfRange(data, off, off + len - len % 2);
      if (format.isBigEndian()) {
        for (int i = 0; i + 1 < pcm.length; i += 2) {
          byte b = pcm[i];
          pcm[i] = pcm[i + 1];
          pcm[i + 1] = b;
        }
      }
      out.pcm(pcm, 0, pcm.length);
      return !cancel.isCancelled();
    }

    @Override
    public void begin(int size) {
    }

    @Override
    public boolean end() {
      return cancel == null || !cancel.isCancelled();
    }

    @Override
    public boolean drain() {
      return true;
    }

    @Override
    public void cancel() {
    }

    @Override
    public void pause() {
    }

    @Override
    public void resume() {
    }

    @Override
    public void reset() {
    }

    @Override
    public void close() {
    }

    @Override
    public float getVolume() {
      return volume;
    }

    @Override
    public void setVolume(float v) {
      volume = v;
    }

    @Override
    public long getTime() {
      return 0;
    }

    @Override
    public void resetTime() {
    }

    @Override
    public void startFirstSampleTimer() {
    }

    @Override
    public void showMetrics() {
    }
  }
}
