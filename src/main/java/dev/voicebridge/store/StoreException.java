package dev.voicebridge.store;

import dev.voicebridge.base.BridgeException;
import dev.voicebridge.bus.Bus;

/**
 * A store operation failed for a reason worth telling the user. {@link #code()} follows HTTP: 400 bad
 * request, 404 not found, 409 conflict, 500 storage failure (disk full, I/O error, corrupt file...). The
 * persistence verticle replies with it as the failure code.
 */
public final class StoreException extends BridgeException implements Bus.Coded {

  public static final int BAD_REQUEST = 400;
  public static final int NOT_FOUND = 404;
  public static final int CONFLICT = 409;
  public static final int STORAGE = 500;
  /** The store is closed (the bridge is stopping): nothing was written, nothing stored is affected. */
  public static final int CLOSED = 503;

  private final int code;

  public StoreException(int code, String message) {
    super(message);
    this.code = code;
  }

  public StoreException(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  @Override
  public int code() {
    return code;
  }

  public static StoreException notFound(String what) {
    return new StoreException(NOT_FOUND, what);
  }

  public static StoreException badRequest(String what) {
    return new StoreException(BAD_REQUEST, what);
  }
}
