package dev.voicebridge.bus;

/**
 * Where a verticle's speech-in addresses live. The bridge's own verticles use the catalogue's addresses
 * as they are ({@link #DEVICE}); a hub runs one speech-to-text per satellite room, each on that room's
 * copies of the addresses ({@code room/kitchen/speech.start}, …) on the hub's local bus, so that rooms
 * speaking at once never see each other's audio or transcripts.
 */
public record AddressScope(String prefix) {

  /** The catalogue's addresses, unchanged. */
  public static final AddressScope DEVICE = new AddressScope("");

  /** The addresses of satellite room {@code room} on a hub. */
  public static AddressScope room(String room) {
    return new AddressScope("room/" + room + "/");
  }

  /** {@code address} in this scope. */
  public String of(String address) {
    return prefix + address;
  }
}
