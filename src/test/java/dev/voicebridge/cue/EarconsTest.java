package dev.voicebridge.cue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicebridge.audio.PcmFormat;
import dev.voicebridge.bus.SpeechOutMessages.Cue;
import org.junit.jupiter.api.Test;

class EarconsTest {

  @Test
  void eachCueIsShortAtItsPeakLevelAndStartsAndEndsInSilence() {
    for (Cue cue : Cue.values()) {
      for (PcmFormat f : new PcmFormat[] {new PcmFormat(22050, 1), new PcmFormat(16000, 2)}) {
        byte[] pcm = Earcons.render(cue, f, -20);
        int frames = pcm.length / f.frameBytes();
        assertEquals(Earcons.durationMs(cue), Math.round(frames * 1000.0 / f.sampleRate()), 2, cue + " " + f);
        assertTrue(Earcons.durationMs(cue) <= 300, "a cue is a blink, not a jingle");
        int peak = 0;
        for (int i = 0; i < pcm.length; i += 2) {
          peak = Math.max(peak, Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8))));
        }
        double peakDb = 20 * Math.log10(peak / 32767.0);
        assertTrue(peakDb <= -20 + 0.1 && peakDb > -30, cue + " peaks at " + peakDb + " dBFS");
        // no click: the first and last samples are (almost) silent
        assertTrue(Math.abs(sample(pcm, 0)) < 200 && Math.abs(sample(pcm, pcm.length - 2)) < 200, cue + " clicks");
      }
    }
  }

  @Test
  void theWakeCueRisesAndTheErrorCueFalls() {
    PcmFormat f = new PcmFormat(16000, 1);
    assertTrue(pitchOfHalf(Earcons.render(Cue.WAKE, f, -20), false) < pitchOfHalf(Earcons.render(Cue.WAKE, f, -20), true));
    assertTrue(pitchOfHalf(Earcons.render(Cue.ERROR, f, -20), false) > pitchOfHalf(Earcons.render(Cue.ERROR, f, -20), true));
  }

  /** Zero crossings per sample in the first or second half: a stand-in for pitch. */
  private static double pitchOfHalf(byte[] pcm, boolean second) {
    int n = pcm.length / 2;
    int from = second ? n / 2 : 0;
    int to = second ? n : n / 2;
    int crossings = 0;
    for (int i = from + 1; i < to; i++) {
      if ((sample(pcm, 2 * i - 2) < 0) != (sample(pcm, 2 * i) < 0)) {
        crossings++;
      }
    }
    return crossings / (double) (to - from);
  }

  private static short sample(byte[] pcm, int at) {
    return (short) ((pcm[at] & 0xff) | (pcm[at + 1] << 8));
  }
}
