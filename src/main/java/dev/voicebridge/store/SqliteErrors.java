package dev.voicebridge.store;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns SQLite failures into one clear, actionable message about the database file. */
final class SqliteErrors {

  private SqliteErrors() {
  }

  static StoreException translate(Throwable failure, Path db) {
    if (failure instanceof StoreException se) {
      return se;
    }
    SQLException sql = findSql(failure);
    if (sql == null && isPoolClosed(failure)) {
      return new StoreException(StoreException.CLOSED, "database " + db + " is closed (the bridge is stopping); "
          + "this change was not saved, nothing saved before is affected", failure);
    }
    if (sql == null) {
      return new StoreException(StoreException.STORAGE, "database " + db + ": " + failure, failure);
    }
    int primary = primaryCode(sql);
    String msg = switch (primary) {
      case 13 -> "database " + db + " is full (no space left on its disk, or store.maxSizeMb reached); this "
          + "change was not saved, nothing saved before is lost. Free some space (or run db cleanup) and try again";
      case 8 -> "database " + db + " is read-only; check the permissions of the file and of its directory";
      case 14 -> "cannot open database " + db + "; check that its directory exists and is writable";
      case 26 -> db + " is not a SQLite database; move it aside or point --db at another file";
      case 11 -> "database " + db + " is corrupt; restore a backup (voice-bridge db backup makes them) "
          + "or move the file aside";
      case 5, 6 -> "database " + db + " is locked by another process for longer than store.busyTimeoutMs";
      case 10 -> "I/O error on database " + db + ": " + sql.getMessage();
      case 19 -> "conflicting write in " + db + ": " + sql.getMessage();
      default -> "database " + db + ": " + sql.getMessage();
    };
    int code = primary == 19 ? StoreException.CONFLICT : StoreException.STORAGE;
    return new StoreException(code, msg, failure);
  }

  static boolean isConstraintViolation(Throwable failure) {
    SQLException sql = findSql(failure);
    return sql != null && primaryCode(sql) == 19;
  }

  /** The Vert.x SQL client's failure for work that arrives after its pool was closed. */
  private static boolean isPoolClosed(Throwable failure) {
    for (Throwable c = failure; c != null && c.getCause() != c; c = c.getCause()) {
      if ("Pool closed".equals(c.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private static int primaryCode(SQLException sql) {
    if (sql instanceof SQLiteException se) {
      SQLiteErrorCode code = se.getResultCode();
      return code.code & 0xff;
    }
    return sql.getErrorCode() & 0xff;
  }

  private static SQLException findSql(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s) {
        return s;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
