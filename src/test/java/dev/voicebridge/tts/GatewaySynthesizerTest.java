package dev.voicebridge.tts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.audio.PcmSamples;
import dev.voicebridge.bench.SpeechSynth;
import dev.voicebridge.bus.GatewayMessages.SpeakResult;
import dev.voicebridge.testkit.Pitch;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway engine's decisions: the gateway's clip in the local engine's format, and the local engine for
 * the rest of a reply once the gateway fails. The gateway is stood in for by the clips a provider sends
 * (real espeak-ng WAV in a high voice, raw PCM, mp3 bytes) or by its failure; the local engine is real.
 */
class GatewaySynthesizerTest {

  private final List<String> warnings = new ArrayList<>();
  private final List<String> asked = new ArrayList<>();
  private final Synthesizer local = Synthesizers.exactly(TtsFixtures.settings());

  private static byte[] espeakWav(String text) {
    return SpeechSynth.wav(text, "en-us+f3", 175, 95); // the high voice the gateway's mock provider speaks in
  }

  private static SpeakResult wav(byte[] bytes) {
    return new SpeakResult(Base64.getEncoder().encodeToString(bytes), "openai", "wav", "audio/wav", "talk.speak");
  }

  private static float[] mono(TtsFixtures.Collected c) {
    byte[] b = c.pcm.toByteArray();
    short[] s = PcmSamples.fromLittleEndian(b, 0, b.length);
    return PcmSamples.toFloat(s, 0, s.length);
  }

  @Test
  void theGatewaysVoiceIsPlayedInTheLocalEnginesFormat() throws Exception {
    byte[] clip = espeakWav("The kitchen timer is done.");
    GatewaySynthesizer s = new GatewaySynthesizer(local, (text, timeout, cancel) -> {
      asked.add(text);
      return wav(clip);
    }, 2000, warnings::add);
    TtsFixtures.Collected out = TtsFixtures.synthesize(s, "The kitchen timer is done.");
    assertEquals(List.of("The kitchen timer is done."), asked);
    assertEquals(local.expectedFormat(), out.format, "no new format for the speaker");
    assertTrue(out.seconds() > 0.8, out.seconds() + " s");
    assertTrue(Pitch.medianHz(mono(out), out.format.sampleRate()) > 180, "the gateway's high voice");
    assertEquals(List.of(), warnings);
  }

  @Test
  void rawPcmNamedByItsRateIsResampled() {
    short[] tone = new short[24_000]; // 1 s at 24 kHz
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / 24_000.0));
    }
    SpeakResult pcm = new SpeakResult(Base64.getEncoder().encodeToString(PcmSamples.toLittleEndian(tone, 0, tone.length)),
        "elevenlabs", "pcm_24000", null, "talk.speak");
    byte[] out = GatewayAudio.toPcm(pcm, new PcmFormat(16_000, 1));
    assertEquals(32_000, out.length, 64, "1 s at 16 kHz");
  }

  @Test
  void compressedAudioFailsWithWhatToConfigure() {
    SpeakResult mp3 = new SpeakResult(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xFB, 0x50, 0}),
        "openai", "mp3", "audio/mpeg", "talk.speak");
    SynthesisException e = assertThrows(SynthesisException.class, () -> GatewayAudio.toPcm(mp3, new PcmFormat(22_050, 1)));
    assertTrue(e.getMessage().contains("mp3") && e.getMessage().contains("responseFormat \"wav\""), e.getMessage());
  }

  @Test
  void whenTheGatewayFailsTheRestOfTheReplyIsLocalWithOneWarningAndTheNextReplyTriesAgain() throws Exception {
    byte[] clip = espeakWav("Second reply.");
    boolean[] gatewayUp = {false};
    GatewaySynthesizer s = new GatewaySynthesizer(local, (text, timeout, cancel) -> {
      asked.add(text);
      if (!gatewayUp[0]) {
        throw new SynthesisException("not connected to the gateway");
      }
      return wav(clip);
    }, 2000, warnings::add);
    Cancellation firstReply = new Cancellation();
    TtsFixtures.Collected one = new TtsFixtures.Collected();
    s.synthesize("First sentence.", one, firstReply);
    TtsFixtures.Collected two = new TtsFixtures.Collected();
    s.synthesize("Second sentence.", two, firstReply);
    assertTrue(one.seconds() > 0.5 && two.seconds() > 0.5, "both spoken, locally");
    assertTrue(Pitch.medianHz(mono(one), one.format.sampleRate()) < 180, "the local voice");
    assertEquals(List.of("First sentence."), asked, "the rest of the reply does not wait for the gateway again");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("not connected to the gateway"), warnings.get(0));

    gatewayUp[0] = true;
    TtsFixtures.Collected next = new TtsFixtures.Collected();
    s.synthesize("Second reply.", next, new Cancellation());
    assertEquals(List.of("First sentence.", "Second reply."), asked, "the next reply tries the gateway");
    assertTrue(Pitch.medianHz(mono(next), next.format.sampleRate()) > 180, "and speaks in its voice");
  }

  @Test
  void aStoppedReplyIsNeitherSpokenNorFallenBackFrom() {
    Cancellation reply = new Cancellation();
    GatewaySynthesizer s = new GatewaySynthesizer(local, (text, timeout, cancel) -> {
      cancel.cancel(); // the user talked over it while the gateway was synthesising
      return null;
    }, 2000, warnings::add);
    TtsFixtures.Collected out = new TtsFixtures.Collected();
    s.synthesize("Never heard.", out, reply);
    assertEquals(0, out.pcm.size());
    assertEquals(List.of(), warnings);
  }
}
