package dev.voicebridge.bench.duplex;

import java.util.List;

/**
 * What the user says in a duplex run: the wake word and a first question, then, while each reply plays,
 * a new request at a random moment (talking over the bridge), then silence while the last reply plays to
 * its end or for a while. Voices rotate through espeak-ng's (American, British, female, male).
 */
public final class DuplexScript {

  public static final String WAKE = "hey jarvis";
  public static final String FIRST_QUESTION = "tell me about the history of paris";

  /** What the user says over the bridge: a word to stop it and a new request, as people do. */
  public static final List<String> BARGE_INS = List.of(
      "stop, what time is it in tokyo",
      "wait, how tall is the eiffel tower",
      "stop please, what is the capital of australia",
      "hold on, how far away is the moon",
      "stop, what is the weather tomorrow",
      "wait, set a timer for ten minutes",
      "stop, who wrote the hobbit",
      "no, play some jazz music in the kitchen");

  /** espeak-ng voice, words per minute, pitch. */
  public static final String[][] VOICES = {
      {"en-us", "160", "50"}, {"en-gb-x-rp", "150", "45"}, {"en-us+f3", "170", "60"}, {"en-us+m3", "165", "35"}};

  /**
   * The reply the model gives to every request: long enough (about 40 s spoken) that the user talks over
   * it and, at the end, hears a long stretch of it in silence.
   */
  public static final String REPLY = "Paris has a long and remarkable history. It began as a small settlement of "
      + "a Celtic people called the Parisii, on an island in the river Seine, more than two thousand years ago. "
      + "The Romans conquered the area and built a town they called Lutetia, with baths, a forum and an arena. "
      + "In the middle ages the city grew into one of the largest in Europe, famous for its cathedral and its "
      + "university. Kings made it their capital, and over the centuries it filled with palaces, bridges and "
      + "markets. The revolution of seventeen eighty nine began in its streets. In the nineteenth century the "
      + "city was rebuilt with wide boulevards, parks and new sewers, which gave it much of the look it has "
      + "today. It hosted great exhibitions, and the Eiffel Tower was built for one of them. Today it is "
      + "known for its museums, its food, its fashion and its many visitors from all over the world.";

  /** The first {@code words} words of {@link #REPLY} (all of it for 0), ending with its sentence. */
  public static String reply(int words) {
    String[] all = REPLY.split(" ");
    if (words <= 0 || words >= all.length) {
      return REPLY;
    }
    String cut = String.join(" ", java.util.Arrays.copyOf(all, words));
    return cut.endsWith(".") ? cut : cut.replaceAll("[,;]$", "") + ".";
  }

  private final int bargeIns;
  private final double quietSeconds;
  private final long seed;

  /** @param bargeIns how many times the user talks over a reply; then {@code quietSeconds} of silence */
  public DuplexScript(int bargeIns, double quietSeconds, long seed) {
    this.bargeIns = bargeIns;
    this.quietSeconds = quietSeconds;
    this.seed = seed;
  }

  public int bargeIns() {
    return bargeIns;
  }

  public double quietSeconds() {
    return quietSeconds;
  }

  public long seed() {
    return seed;
  }
}
