package dev.voicebridge.bus;

/** Messages about the device as a whole: what it is doing, how loud the room is, whether it listens. */
public final class DeviceMessages {

  private DeviceMessages() {
  }

  /**
   * {@code audio.level} (publish, about ten a second): the microphone's loudness over the last
   * {@code windowMs}, in dBFS (RMS; -120 for digital silence), as the listener hears it (after echo
   * cancellation). Never audio: a number, so a page can draw a meter. {@code muted}: the microphone is muted
   * and the level is that of the silence published in its place. Also published at once when the microphone
   * is muted or unmuted (then {@code windowMs} is 0).
   */
  public record AudioLevel(double rmsDb, double peakDb, int windowMs, boolean muted) {
  }

  /**
   * {@code audio.mute} (request): mute or unmute the microphone. While muted the capture publishes
   * silence in place of what it reads, so no wake word, speech or barge-in can be heard and what is open
   * ends as if the room fell silent. The reply says the state now.
   */
  public record MuteRequest(boolean muted) {
  }

  /** Reply of {@code audio.mute}. */
  public record MuteState(boolean muted) {
  }

  /**
   * {@code device.state} (publish, on every change): what the device is doing, as a person would say it.
   * {@code state}: waiting (for the wake word), listening, thinking (the question is with OpenClaw),
   * speaking, muted, offline (the gateway is not connected and nothing else is going on). {@code gateway}
   * is the link's state word (connected, connecting, disconnected); {@code since} the ISO time of the change.
   */
  public record DeviceState(String state, String gateway, boolean muted, String since) {
  }
}
