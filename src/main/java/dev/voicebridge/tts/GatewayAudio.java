package dev.voicebridge.tts;

import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.audio.Resampler;
import dev.voicebridge.audio.WavDecoder;
import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a clip the gateway synthesised into PCM in the speaker's format. The gateway hands back whatever
 * its provider made: a WAV file (OpenAI with {@code responseFormat: "wav"}), raw 16-bit mono PCM named by
 * its rate ({@code pcm_24000}, ElevenLabs), or a compressed format (mp3, opus) that the bridge does not
 * decode — that one fails with what to configure. The clip is converted to the local engine's format, so
 * that the speaker keeps running in one format whether a sentence came from the gateway or, as a
 * fallback, from the local engine (a sound server stream reopened for a new format starts late and
 * throws the echo canceller off). Pure.
 */
final class GatewayAudio {

  private static final Pattern RAW_PCM = Pattern.compile("pcm_?(\\d{4,6})");

  private GatewayAudio() {
  }

  /** PCM16 little-endian in {@code target} (mono or more channels, each the same signal). */
  static byte[] toPcm(SpeakResult clip, PcmFormat target) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(clip.audioBase64());
    } catch (IllegalArgumentException e) {
      throw new SynthesisException("the gateway's audio is not base64: " + e.getMessage());
    }
    String format = clip.outputFormat() == null ? "" : clip.outputFormat().toLowerCase(Locale.ROOT);
    String mime = clip.mimeType() == null ? "" : clip.mimeType().toLowerCase(Locale.ROOT);
    float[] mono;
    int rate;
    Matcher raw = RAW_PCM.matcher(format);
    if (isWav(bytes)) {
      try {
        WavDecoder.Clip wav = WavDecoder.decode(bytes, "the gateway's " + describe(clip));
        mono = wav.mono();
        rate = wav.sampleRate();
      } catch (BridgeException e) {
        throw new SynthesisException(e.getMessage());
      }
    } else if (raw.matches()) {
      rate = Integer.parseInt(raw.group(1));
      short[] pcm = PcmSamples.fromLittleEndian(bytes, 0, bytes.length - bytes.length % 2);
      mono = PcmSamples.toFloat(pcm, 0, pcm.length);
    } else {
      throw new SynthesisException("the gateway's voice comes as " + describe(clip) + (mime.isEmpty() ? "" : " (" + mime
          + ")") + ", which the bridge does not decode: set the Talk provider's output to WAV or PCM in the "
          + "gateway's config (OpenAI: talk.providers.openai.responseFormat \"wav\"; ElevenLabs: outputFormat "
          + "\"pcm_24000\")");
    }
    if (mono.length == 0) {
      throw new SynthesisException("the gateway's " + describe(clip) + " has no audio");
    }
    short[] out = PcmSamples.toPcm16(Resampler.convert(mono, rate, target.sampleRate()));
    if (target.channels() == 1) {
      return PcmSamples.toLittleEndian(out, 0, out.length);
    }
    short[] interleaved = new short[out.length * target.channels()];
    for (int i = 0; i < out.length; i++) {
      for (int c = 0; c < target.channels(); c++) {
        interleaved[i * target.channels() + c] = out[i];
      }
    }
    return PcmSamples.toLittleEndian(interleaved, 0, interleaved.length);
  }

  private static boolean isWav(byte[] b) {
    return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'A'
        && b[10] == 'V' && b[11] == 'E';
  }

  private static String describe(SpeakResult clip) {
    String f = clip.outputFormat() == null || clip.outputFormat().isBlank() ? "audio" : clip.outputFormat();
    return f + (clip.provider() == null ? "" : " from " + clip.provider());
  }
}
