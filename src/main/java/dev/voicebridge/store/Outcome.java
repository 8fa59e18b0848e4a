package dev.voicebridge.store;

/** The result of one item of a batch: a value, or the reason this item (alone) failed. */
record Outcome<T>(T value, StoreException error) {

  static <T> Outcome<T> ok(T value) {
    return new Outcome<>(value, null);
  }

  static <T> Outcome<T> failed(StoreException error) {
    return new Outcome<>(null, error);
  }
}
