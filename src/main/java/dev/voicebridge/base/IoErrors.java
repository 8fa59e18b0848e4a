package dev.voicebridge.base;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/** A file-system failure in a few words a person can act on ("permission denied", "read-only file system"). */
public final class IoErrors {

  private IoErrors() {
  }

  public static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "its directory does not exist or cannot hold files";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason().toLowerCase(Locale.ROOT);
    }
    String msg = e.getMessage();
    int colon = msg == null ? -1 : msg.lastIndexOf(": ");
    return colon >= 0 ? msg.substring(colon + 2).toLowerCase(Locale.ROOT) : String.valueOf(msg);
  }
}
