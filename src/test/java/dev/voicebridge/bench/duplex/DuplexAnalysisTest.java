package dev.voicebridge.bench.duplex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplexAnalysisTest {

  @Test
  void eachSentenceStartAfterSilenceGetsTheErleOfItsFirst200Ms() {
    int rate = 16_000;
    float[] speaker = new float[6 * rate];
    float[] mic = new float[speaker.length];
    float[] cleaned = new float[speaker.length];
    float[] user = new float[speaker.length];
    // two sentences, 1 s each, a second of silence before each; the first cancelled by 20 dB, the second not at all
    for (int sentence = 0; sentence < 2; sentence++) {
      int from = (1 + 2 * sentence) * rate;
      for (int i = from; i < from + rate; i++) {
        speaker[i] = (float) (8000 * Math.sin(2 * Math.PI * 300 * i / rate));
        mic[i] = speaker[i] * 0.5f;
        cleaned[i] = sentence == 0 ? mic[i] * 0.1f : mic[i];
      }
    }
    List<Double> erles = DuplexAnalysis.onsetErles(mic, cleaned, speaker, mic, user);
    assertEquals(2, erles.size(), erles.toString());
    assertEquals(20, erles.get(0), 0.5);
    assertEquals(0, erles.get(1), 0.5);
  }

  @Test
  void withoutEchoAtTheMicrophoneThereIsNothingToCount() {
    int rate = 16_000;
    float[] speaker = new float[4 * rate];
    for (int i = rate; i < 2 * rate; i++) {
      speaker[i] = (float) (8000 * Math.sin(2 * Math.PI * 300 * i / rate));
    }
    float[] silence = new float[speaker.length];
    assertEquals(List.of(), DuplexAnalysis.onsetErles(silence, silence, speaker, silence, silence));
  }

  @Test
  void aSentenceStartWhileTheUserTalksIsNotCounted() {
    int rate = 16_000;
    float[] speaker = new float[4 * rate];
    float[] user = new float[speaker.length];
    for (int i = rate; i < 2 * rate; i++) {
      speaker[i] = (float) (8000 * Math.sin(2 * Math.PI * 300 * i / rate));
      user[i] = speaker[i];
    }
    assertEquals(List.of(), DuplexAnalysis.onsetErles(speaker.clone(), speaker.clone(), speaker, speaker, user));
  }
}
